/** The largest file or pasted text the inspector takes (the desktop's opened-file cap). */
export const MAX_INSPECT_BYTES = 4 * 1024 * 1024;

export type InspectInput = { name: string; text: string };

/** Why a chosen or dropped file is not inspected, or undefined when it may be. */
export function fileRefusal(file: { name: string; size: number }): string | undefined {
  if (!/\.hl7$/i.test(file.name)) return 'Choose an .hl7 file';
  if (file.size > MAX_INSPECT_BYTES) return `The file is larger than ${MAX_INSPECT_BYTES / 1024 / 1024} MiB`;
  return undefined;
}

/** Pasted text as the engine reads HL7: segments end in CR whatever line ends the clipboard carried. */
export const pastedMessage = (text: string): string => text.replace(/\r\n|\n/g, '\r').trim();

/** The import's file name for a pasted message (a chosen file keeps its own). */
export const PASTED_NAME = 'pasted-message.hl7';
