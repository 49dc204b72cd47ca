// Apart from errors.ts so that events.ts can name them without an import circle (errors.ts names SolveResult).
export type TeacherErrorKind = "unreachable" | "timeout" | "auth" | "rate-limit" | "server" | "bad-request" | "bad-response";
/** Every `TeacherErrorKind`, listed once. */
export const TEACHER_ERROR_KINDS = Object.keys({ unreachable: 0, timeout: 0, auth: 0, "rate-limit": 0, server: 0, "bad-request": 0, "bad-response": 0 } satisfies Record<TeacherErrorKind, 0>) as readonly TeacherErrorKind[];
