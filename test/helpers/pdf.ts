// What a PDF the app serves holds, read as a person or a phone would: its text,
// and the QR codes among its images.
import jsQRModule from 'jsqr';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

// jsqr is CommonJS: its default export is the function, which TypeScript types as the module.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

/** The text of every page of a PDF, each page's items joined by spaces. */
export async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
  }
  return pages.join('\n').replace(/\s+/g, ' ');
}

/** The images painted on the PDF's first page, decoded as QR codes (null where one is not). */
export async function pdfQrCodes(bytes: Buffer): Promise<(string | null)[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes) }).promise;
  const page = await pdf.getPage(1);
  const ops = await page.getOperatorList();
  const names = ops.fnArray.flatMap((fn, i) =>
    fn === OPS.paintImageXObject ? [ops.argsArray[i]![0] as string] : [],
  );
  const decoded: (string | null)[] = [];
  for (const name of names) {
    const image = await new Promise<{ width: number; height: number; data: Uint8ClampedArray; kind: number }>(
      (resolve) => page.objs.get(name, resolve),
    );
    const { width, height, data, kind } = image;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      // kind 1: one bit a pixel, rows padded to bytes; 2: RGB; 3: RGBA.
      const value =
        kind === 1
          ? (data[Math.floor(p / width) * Math.ceil(width / 8) + Math.floor((p % width) / 8)]! >>
              (7 - ((p % width) % 8))) &
            1
            ? 255
            : 0
          : undefined;
      const channel = (c: number) => value ?? data[p * (kind === 2 ? 3 : 4) + c]!;
      rgba.set([channel(0), channel(1), channel(2), 255], p * 4);
    }
    decoded.push(jsQR(rgba, width, height)?.data ?? null);
  }
  return decoded;
}
