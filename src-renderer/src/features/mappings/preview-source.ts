/** What the preview converts: a pasted message, or a message of the log by id. */
export type PreviewSource = { kind: 'text'; text: string } | { kind: 'message'; messageId: string | null };

export const EMPTY_SOURCE: PreviewSource = { kind: 'text', text: '' };
