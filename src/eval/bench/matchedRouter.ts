/**
 * Why a performance-matched router has no number: the codes are stable (for scripts reading summary.json),
 * the message says it in words.
 * - `missing-baseline`: no finished student-only or teacher-only results.
 * - `missing-method`: the method itself has no finished results.
 * - `teacher-not-better`: teacher-only is not more accurate than student-only, so no mix of the two is a line
 *   that rises from one to the other.
 * - `below-student`: the method is less accurate than student-only; no share of teacher solves matches it.
 * - `above-teacher`: the method is more accurate than teacher-only; no share reaches it.
 * - `zero-share`: the method is exactly as accurate as student-only; the matched share is 0 and a cost
 *   reduction against sending nothing to the teacher is undefined.
 */
export type MatchedRouterIssue = "missing-baseline" | "missing-method" | "teacher-not-better" | "below-student" | "above-teacher" | "zero-share";

/**
 * The paper's performance-matched random router for one method (RelayLLM, Table 1 / Figure 3): the random
 * router that reaches the method's accuracy, found by linear interpolation between student-only (share 0)
 * and teacher-only (share 1), and how much of its teacher use the method saves.
 *
 *   teacherShare  p = (acc_method − acc_student) / (acc_teacher − acc_student)
 *   costReduction   = 1 − callRatio_method / p
 *
 * As in the paper, the router's call ratio is taken to be its teacher share p (a routed problem is all
 * teacher, an unrouted one all student). A number is null when it has no meaning, never guessed; `reason`
 * then says why. `costReduction` may be negative: the method uses the teacher more than the matched router.
 */
export interface MatchedRouter {
    /** p in [0, 1]; null when no router share matches the method's accuracy. */
    teacherShare: number | null;
    /** 1 − callRatio / p; null when p is null or 0. */
    costReduction: number | null;
    /** Present exactly when a number is null. */
    reason?: { code: MatchedRouterIssue; message: string };
}

/** One point of the accuracy / call-ratio plane; accuracy null when no solve finished. */
export interface AccuracyPoint {
    accuracy: number | null;
    callRatio: number;
}

const MESSAGES: Record<MatchedRouterIssue, string> = {
    "missing-baseline": "needs finished student-only and teacher-only results",
    "missing-method": "the method has no finished results",
    "teacher-not-better": "teacher-only is not more accurate than student-only, so no router lies between them",
    "below-student": "less accurate than student-only: no teacher share matches it",
    "above-teacher": "more accurate than teacher-only: no teacher share reaches it",
    "zero-share": "as accurate as student-only: the matched router sends nothing to the teacher, so there is no cost to reduce",
};

function unavailable(code: MatchedRouterIssue, teacherShare: number | null = null): MatchedRouter {
    return { teacherShare, costReduction: null, reason: { code, message: MESSAGES[code] } };
}

/** The matched router of `method` between the `student` (student-only) and `teacher` (teacher-only) rows. */
export function matchedRouter(method: AccuracyPoint, student: AccuracyPoint | undefined, teacher: AccuracyPoint | undefined): MatchedRouter {
    if (student?.accuracy == null || teacher?.accuracy == null) return unavailable("missing-baseline");
    if (method.accuracy === null) return unavailable("missing-method");
    const low = student.accuracy;
    const high = teacher.accuracy;
    if (!(high > low)) return unavailable("teacher-not-better");
    if (method.accuracy < low) return unavailable("below-student");
    if (method.accuracy > high) return unavailable("above-teacher");
    if (method.accuracy === low) return unavailable("zero-share", 0);
    const teacherShare = (method.accuracy - low) / (high - low);
    return { teacherShare, costReduction: 1 - method.callRatio / teacherShare };
}
