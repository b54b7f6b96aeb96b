// Loads a module of functions/ anew, with every functions/ module it imports, inside the calling test.
// What a module builds while it loads (the settings schemas, the retry policy's tables, the contract's
// names) is built once per process, when the first test file imports it; a test that loads it again
// exercises that code itself, which is what the deployed bundle does at each cold start. The AWS SDK
// is not reloaded, so aws-sdk-client-mock's stubs still answer the fresh module's clients.
import * as path from "node:path";

const FUNCTIONS = path.resolve(__dirname, "..", "..", "functions") + path.sep;

/** A fresh copy of `functions/<relative>` (e.g. "shared/retry"), and of the functions/ modules it imports. */
export function freshLoad<T>(relative: string): T {
    for (const key of Object.keys(require.cache)) {
        if (key.startsWith(FUNCTIONS)) {
            delete require.cache[key];
        }
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(FUNCTIONS, relative)) as T;
}

/** A settings module's surface: its parser and the error it refuses with. */
interface SettingsModule {
    parseSettings(env: Record<string, string | undefined>): unknown;
    SettingsError: new (...args: never[]) => Error;
}

/**
 * The message a fresh copy of `functions/<relative>` (a settings module) refuses `env` with; fails the
 * test when it is accepted or refused with anything but its SettingsError.
 */
export function settingsRefusal(relative: string, env: Record<string, string | undefined>): string {
    const settings = freshLoad<SettingsModule>(relative);
    try {
        settings.parseSettings(env);
    } catch (error) {
        if (!(error instanceof settings.SettingsError)) {
            throw new Error(`not a SettingsError: ${String(error)}`);
        }
        return error.message;
    }
    throw new Error(`accepted ${JSON.stringify(env)}`);
}
