import { PDFDocument } from 'pdf-lib';
import { type AssetProblem, assetProblem } from './assetProblem';
import type { PdfSlotRule } from './assetSlots';

export type PdfCheck = { ok: true; pages: number } | { ok: false; problem: AssetProblem };

const HEADER = /^%PDF-[12]\.\d/;

/**
 * Accepts a real, readable PDF: the `%PDF-` header at the start, an `%%EOF` marker near the end,
 * and a document that `pdf-lib` parses strictly (invalid objects throw) with at least one page.
 * Encrypted PDFs are refused: certification and customers must be able to open them.
 */
export async function checkPdf(bytes: Uint8Array, rule: PdfSlotRule): Promise<PdfCheck> {
  const fail = (problem: AssetProblem): PdfCheck => ({ ok: false, problem });
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  if (!HEADER.test(head)) {
    return fail(assetProblem('notPdf', `${rule.label} is not a PDF (it does not start with %PDF-)`));
  }
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  if (!tail.includes('%%EOF')) {
    return fail(
      assetProblem('corruptPdf', `${rule.label} is a damaged PDF: it has no end-of-file marker (cut short?)`),
    );
  }
  let doc: PDFDocument;
  try {
    // Loaded with ignoreEncryption so that an encrypted file is told apart from a damaged one
    // by `isEncrypted` (pdf-lib's own error class does not survive instanceof checks).
    doc = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      throwOnInvalidObject: true,
      updateMetadata: false,
    });
  } catch {
    return fail(assetProblem('corruptPdf', `${rule.label} is a damaged PDF: it cannot be read`));
  }
  if (doc.isEncrypted) {
    return fail(
      assetProblem(
        'encryptedPdf',
        `${rule.label} is an encrypted PDF; upload it without a password or encryption`,
      ),
    );
  }
  let pages: number;
  try {
    pages = doc.getPageCount();
  } catch {
    return fail(assetProblem('corruptPdf', `${rule.label} is a damaged PDF: its pages cannot be read`));
  }
  if (pages < 1) return fail(assetProblem('corruptPdf', `${rule.label} is a PDF with no pages`));
  return { ok: true, pages };
}
