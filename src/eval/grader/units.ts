import { PERCENT } from "./parseNumber";

/** A trailing unit after a space or in `\text`: `\text{ cm}^2`, `\text{ miles}`, ` inches`. */
const TRAILING_UNIT = /(?:\s*\\text\{[^{}]*\}|\s+[A-Za-z]{2,}(?:\s+[A-Za-z]{2,})*)(?:\^\{?\d\}?)?$/;

/** A number with letters written straight after it: `10weeks`, `5cm`, `12dollars`, `3 cm^2` aside. */
const GLUED_UNIT = /^([-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+))([A-Za-z]{2,})(?:\^\{?[23]\}?)?$/;

/** Unit abbreviations of two or three letters (shorter words glued to a number are more often variables: `4ab`). */
const SHORT_UNITS = new Set(
    "cm mm km nm dm kg mg ft yd mi hr hrs min mins sec secs ms lb lbs oz ml gal mph kph kmh qt pt pts cal amp mol kw kwh wk wks yr yrs usd eur gbp"
        .split(" "),
);
/** Words of four letters or more that are mathematics, not units, when glued to a number: `2theta`, `3sqrt`. */
const MATH_WORDS = new Set(
    ("sqrt cbrt sinh cosh tanh coth sech csch arcsin arccos arctan infty infinity alpha beta gamma delta epsilon zeta theta iota " +
        "kappa lambda omega sigma upsilon omicron frac binom cdot times")
        .split(" "),
);

/**
 * `text` without the units after its number: `125 \text{ miles}`, `15 \text{ cm}^2`, `10weeks`, `5cm`. A
 * percent word is no unit (it changes the value). A unit written with a space may be any word, as before; one
 * glued to the number must be a known abbreviation (`cm`, `hrs`) or a word of four letters or more that is not
 * mathematics (`weeks`, `dollars`), so `4ab`, `2xyz` and `2theta` stay products. Units go only when a number
 * remains.
 */
export function stripUnits(latex: string): string {
    let text = latex;
    while (TRAILING_UNIT.test(text) && !PERCENT.test(text)) {
        const stripped = text.replace(TRAILING_UNIT, "").trim();
        if (!/\d/.test(stripped)) break;
        text = stripped;
    }
    const glued = GLUED_UNIT.exec(text);
    if (glued && !PERCENT.test(text) && isUnitWord(glued[2])) return glued[1];
    return text;
}

function isUnitWord(word: string): boolean {
    const lower = word.toLowerCase();
    if (SHORT_UNITS.has(lower)) return true;
    // Lowercase or capitalized words only: `10Weeks`, not `3ABCD` (a product of named points or variables).
    return lower.length >= 4 && /^[A-Za-z][a-z]+$/.test(word) && !MATH_WORDS.has(lower);
}
