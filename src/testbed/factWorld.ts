/**
 * The test bed's synthetic knowledge task: characters with facts drawn at random from small vocabularies,
 * asked as TinyStories-style prompts whose next word is the fact. Pure and seeded: the same options give the
 * same items.
 */
import { seededUniform } from "../util/seededUniform";

/** The paper's difficulty kinds: facts both models learned, facts only the teacher learned, facts nobody learned. */
export const ITEM_KINDS = ["student-solvable", "teacher-dependent", "teacher-unsolvable"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** One kind of fact: the story sentence that introduces it, the frame whose next word is the fact, its values. */
export interface Attribute {
    name: string;
    /** "{name} had a pet." — introduces the fact. */
    setup: string;
    /** "The pet was a" — the fact is the next word. */
    frame: string;
    values: readonly string[];
}

/** Eight values each, so a model that guesses scores 1/8 (12.5 %) on facts it never saw. */
export const ATTRIBUTES: readonly Attribute[] = [
    { name: "pet", setup: "had a pet.", frame: "The pet was a", values: ["dog", "cat", "bird", "fish", "frog", "duck", "bunny", "mouse"] },
    { name: "toy", setup: "had a toy.", frame: "The toy was a", values: ["ball", "doll", "car", "kite", "drum", "boat", "train", "truck"] },
    { name: "color", setup: "had a favorite color.", frame: "The color was", values: ["red", "blue", "green", "yellow", "pink", "purple", "orange", "brown"] },
    { name: "place", setup: "liked to play in one place.", frame: "The place was the", values: ["park", "beach", "forest", "garden", "farm", "lake", "hill", "yard"] },
];

const GIRLS = ["Lily", "Mia", "Sue", "Anna", "Lucy", "Kim", "Emma", "Sara", "Amy", "Jane", "Zoe", "Rose", "Ella", "Molly", "Daisy", "Kate", "Ruby", "Lola"];
const BOYS = ["Tom", "Ben", "Max", "Tim", "Sam", "Jack", "Bob", "Leo", "Jake", "Joe", "Dan", "Finn", "Mark", "Pete", "Ted", "Billy", "Roy", "Ned"];

/** Most characters a world can have (every name once). */
export const MAX_CHARACTERS = GIRLS.length + BOYS.length;

/** One question of the task. */
export interface FactItem {
    /** `<name>-<attribute>`, lowercase. */
    id: string;
    kind: ItemKind;
    character: string;
    attribute: string;
    /** The story prompt; the answer is its next word. */
    prompt: string;
    /** The fact, one lowercase word. */
    answer: string;
    /** The text after the prompt that training teaches: " dog." */
    continuation: string;
}

export interface FactWorldOptions {
    /** Seeds the choice of names, kinds and facts. */
    seed: number;
    /** Characters of each kind; each character has one fact per attribute. */
    charactersPerKind: number;
}

function shuffled<T>(values: readonly T[], random: () => number): T[] {
    const out = [...values];
    for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
}

/** The story prompt for one fact of one character. */
export function factPrompt(character: { name: string; girl: boolean }, attribute: Attribute): string {
    return `Once upon a time, there was a little ${character.girl ? "girl" : "boy"} named ${character.name}. ${character.name} ${attribute.setup} ${attribute.frame}`;
}

/** Builds the items: `charactersPerKind` characters of each kind, one item per character and attribute. */
export function buildFactWorld(options: FactWorldOptions): FactItem[] {
    const total = options.charactersPerKind * ITEM_KINDS.length;
    if (!Number.isInteger(options.charactersPerKind) || options.charactersPerKind < 1 || total > MAX_CHARACTERS) {
        throw new RangeError(`charactersPerKind must be an integer in [1, ${Math.floor(MAX_CHARACTERS / ITEM_KINDS.length)}]`);
    }
    const random = seededUniform(options.seed);
    const names = shuffled([...GIRLS.map((name) => ({ name, girl: true })), ...BOYS.map((name) => ({ name, girl: false }))], random).slice(0, total);
    const items: FactItem[] = [];
    names.forEach((character, index) => {
        const kind = ITEM_KINDS[index % ITEM_KINDS.length]!;
        for (const attribute of ATTRIBUTES) {
            const answer = attribute.values[Math.floor(random() * attribute.values.length)]!;
            items.push({
                id: `${character.name.toLowerCase()}-${attribute.name}`,
                kind,
                character: character.name,
                attribute: attribute.name,
                prompt: factPrompt(character, attribute),
                answer,
                continuation: ` ${answer}.`,
            });
        }
    });
    return items;
}

/** The facts a model is trained on: the teacher learns every fact but the unsolvable ones, the student the solvable ones. */
export function trainedKinds(model: "teacher" | "student"): readonly ItemKind[] {
    return model === "teacher" ? ["student-solvable", "teacher-dependent"] : ["student-solvable"];
}
