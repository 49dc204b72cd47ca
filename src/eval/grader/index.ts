/** The math answer grader's public surface: extract an answer from a model output, parse it, grade it. */
export { extractAnswer } from "./extractAnswer";
export { EXTRACT_MODES, type ExtractMode } from "./types";
export { grade } from "./grade";
export { normalizeLatex } from "./normalizeLatex";
export { MAX_ANSWER_CHARS, MAX_ANSWER_DEPTH, parseAnswer, type ParseOptions } from "./parseAnswer";
export type { AnswerKind, AnswerNode, GradeOptions, GradeResult, ParsedAnswer } from "./types";
export {
    checkMismatchedPairs,
    checkReferenceSolutions,
    measureAgreement,
    type AgreementReport,
    type GradingCase,
    type MismatchCheck,
    type ReferenceCheck,
    type ReferenceProblem,
} from "./agreement";
export { readJsonLines } from "../../util/jsonLines";
