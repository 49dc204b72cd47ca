/** The OpenAI-compatible teacher adapter's public surface. */
export { OpenAiTeacher } from "./openAiTeacher";
export type { OpenAiTeacherOptions } from "./openAiTeacherOptions";
export { choosePrefill, type PrefillOption, type PrefillStyle } from "./choosePrefill";
export { toTeacherError, type TeacherCallPhase, type TeacherErrorContext } from "./toTeacherError";
export { normalizeTeacherUrl, probeTeacher } from "./probeTeacher";
export { teacherApiKeyFromEnv } from "./teacherApiKeyFromEnv";
