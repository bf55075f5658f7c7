/** The Playground's defaults, apart from stack.ts so that `npm run playground -- --help` loads nothing else. */
export const DEFAULT_PLAYGROUND_PORT = 56150;
export const DEFAULT_PERSON_ID = 'tilly-flanagan';
