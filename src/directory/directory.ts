/**
 * The directory port: who a person is in the council's Microsoft Entra ID (Azure AD). Used to link
 * owners named in plans to real accounts (email + AAD object id) and to resolve AAD-group role
 * grants. The Graph implementation is in graph-directory.ts; when Graph is not configured the
 * directory is off (OffDirectory) and people are matched by email only.
 */

export interface DirectoryUser {
  /** The AAD object id: the same id Teams sends as `from.aadObjectId`. */
  id: string;
  displayName: string;
  mail?: string;
  userPrincipalName?: string;
  jobTitle?: string;
}

export interface Directory {
  /** False when Graph is not configured: every lookup answers "not found". */
  readonly enabled: boolean;
  /** One sentence for admins: what the directory is, or why it is off. */
  readonly description: string;
  findByEmail(email: string): Promise<DirectoryUser | undefined>;
  findByUpn(upn: string): Promise<DirectoryUser | undefined>;
  /** Users whose display name matches every word of `name` (Graph $search), all pages. */
  searchByDisplayName(name: string): Promise<DirectoryUser[]>;
  /** Which of `groupIds` the user belongs to (transitively). */
  memberGroups(userId: string, groupIds: readonly string[]): Promise<string[]>;
}

/** Graph could not answer (throttled past our patience, down, or not permitted). Never "not found". */
export class DirectoryUnavailableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DirectoryUnavailableError';
  }
}

/** The directory when GRAPH_* are not set. */
export class OffDirectory implements Directory {
  readonly enabled = false;
  constructor(readonly description = 'The directory is off: GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET are not set, so people are matched by email only.') {}
  async findByEmail(): Promise<DirectoryUser | undefined> {
    return undefined;
  }
  async findByUpn(): Promise<DirectoryUser | undefined> {
    return undefined;
  }
  async searchByDisplayName(): Promise<DirectoryUser[]> {
    return [];
  }
  async memberGroups(): Promise<string[]> {
    return [];
  }
}

const OFF = new OffDirectory();

/** The directory registered on the app's features (app.ts), or the off directory. */
export function directoryOf(features: Record<string, unknown> | undefined): Directory {
  const candidate = features?.directory as Directory | undefined;
  return candidate && typeof candidate.findByEmail === 'function' ? candidate : OFF;
}
