/**
 * Same<A, B> is true only when A and B are the same type: a schema and the engine type it reads cannot drift
 * apart. Here, in the layer every other may import (the webview protocol and the student worker both check
 * their schemas with it).
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
