/**
 * A directory a test can point at a fake Graph (or a failing one) after the bot has started,
 * the way an administrator's configuration would have it from the start.
 */
import { OffDirectory, type Directory, type DirectoryUser } from '../../src/directory/directory.js';

export class SwitchableDirectory implements Directory {
  private current: Directory = new OffDirectory();

  use(directory: Directory): void {
    this.current = directory;
  }

  get inner(): Directory {
    return this.current;
  }

  get enabled(): boolean {
    return this.current.enabled;
  }

  get description(): string {
    return this.current.description;
  }

  findByEmail(email: string): Promise<DirectoryUser | undefined> {
    return this.current.findByEmail(email);
  }

  findByUpn(upn: string): Promise<DirectoryUser | undefined> {
    return this.current.findByUpn(upn);
  }

  searchByDisplayName(name: string): Promise<DirectoryUser[]> {
    return this.current.searchByDisplayName(name);
  }

  memberGroups(userId: string, groupIds: readonly string[]): Promise<string[]> {
    return this.current.memberGroups(userId, groupIds);
  }
}
