/** The logging surface the functions need; Powertools' Logger provides it, tests pass a recorder. */
export interface Log {
    debug(message: string, ...extra: Record<string, unknown>[]): void;
    info(message: string, ...extra: Record<string, unknown>[]): void;
    warn(message: string, ...extra: Record<string, unknown>[]): void;
    error(message: string, ...extra: Record<string, unknown>[]): void;
}
