import { customAlphabet } from "nanoid";

// No look-alike or URL-special characters: IDs get read aloud in support chats and pasted into CRMs.
const alphabet = "0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
const randomPart = customAlphabet(alphabet, 16);

export type IdPrefix = "usr" | "ses" | "tok" | "off" | "pro" | "vm" | "vis" | "evt" | "alr" | "out" | "wh" | "dlv" | "ply" | "scr" | "cmp" | "enr" | "tch";

/** A new identifier such as `pro_4fK2…`: the prefix says what it names. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomPart()}`;
}
