/** avg@K: each problem's mean over its repeats, then the mean over problems; null when there are none. */
export function averageAtK(verdicts: ReadonlyMap<string, readonly boolean[]>): number | null {
    const perProblem = [...verdicts.values()].filter((list) => list.length > 0).map((list) => list.filter(Boolean).length / list.length);
    return perProblem.length === 0 ? null : perProblem.reduce((sum, value) => sum + value, 0) / perProblem.length;
}
