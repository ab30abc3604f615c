// The endorsement certificate: a landscape letter-size PDF in the
// association's name, with the endorsee, the credential and its level, the
// number and dates, and a QR code of the verification address (printed
// beside it, for whoever cannot scan). The association's mark is drawn from
// its initials: Endorse keeps no uploaded logo.

export interface CertificateInput {
  associationName: string;
  endorseeName: string;
  credentialName: string;
  /** "Level III". */
  level: string;
  number: number;
  /** As people read them ("May 1, 2030"). */
  granted: string;
  renewalDue: string;
  verificationUrl: string;
}

const ink = '#1f3a4d';
const accent = '#8a6d1f';
const minor = new Set(['and', 'for', 'of', 'the', 'in', 'on']);

/**
 * The letters of the association's mark: the abbreviation its name ends with
 * in parentheses ("… (CT-AIMH)"), else the initials of its main words.
 */
export function associationInitials(name: string): string {
  const abbreviation = /\(([^()]{2,12})\)\s*$/.exec(name)?.[1]?.trim();
  if (abbreviation) return abbreviation.toUpperCase();
  const words = name.split(/\s+/).filter((w) => w && !minor.has(w.toLowerCase()));
  return (
    words
      .map((w) => w[0])
      .join('')
      .slice(0, 6)
      .toUpperCase() || '?'
  );
}

/** The association's name without the abbreviation the mark shows. */
const fullName = (name: string) => name.replace(/\s*\([^()]{2,12}\)\s*$/, '') || name;

export async function certificatePdf(c: CertificateInput): Promise<Buffer> {
  // Loaded at the first certificate: PDF fonts and QR tables are much memory for a start that prints none.
  const [{ default: PDFDocument }, { default: QRCode }] = await Promise.all([
    import('pdfkit'),
    import('qrcode'),
  ]);
  const qr = await QRCode.toBuffer(c.verificationUrl, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    scale: 6,
  });
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margin: 0,
    info: {
      Title: `${c.credentialName} – endorsement ${c.number}`,
      Author: c.associationName,
      Subject: `Certificate of endorsement of ${c.endorseeName}`,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width; // 792
  const height = doc.page.height; // 612
  // A double frame, as certificates have.
  doc
    .lineWidth(6)
    .strokeColor(ink)
    .rect(24, 24, width - 48, height - 48)
    .stroke();
  doc
    .lineWidth(1.2)
    .strokeColor(accent)
    .rect(36, 36, width - 72, height - 72)
    .stroke();

  // The association's mark: its initials in a ring.
  const initials = associationInitials(c.associationName);
  const cx = width / 2;
  const cy = 92;
  doc.lineWidth(2.5).strokeColor(ink).circle(cx, cy, 34).stroke();
  doc.lineWidth(0.8).strokeColor(accent).circle(cx, cy, 29).stroke();
  const markSize = initials.length <= 3 ? 20 : initials.length <= 5 ? 14 : 11;
  doc.font('Helvetica-Bold').fontSize(markSize).fillColor(ink);
  doc.text(initials, cx - 30, cy - markSize * 0.36, { width: 60, align: 'center', lineBreak: false });

  const line = (text: string, y: number, font: string, size: number, color = ink) =>
    doc
      .font(font)
      .fontSize(size)
      .fillColor(color)
      .text(text, 60, y, { width: width - 120, align: 'center' });

  line(fullName(c.associationName), 138, 'Helvetica-Bold', 15);
  line('Certificate of Endorsement', 170, 'Times-Bold', 36);
  line('This certifies that', 228, 'Times-Italic', 15, '#333333');
  line(c.endorseeName, 252, 'Times-BoldItalic', 32);
  doc
    .moveTo(width / 2 - 200, 294)
    .lineTo(width / 2 + 200, 294)
    .lineWidth(0.8)
    .strokeColor(accent)
    .stroke();
  line('is endorsed by the association as', 306, 'Times-Italic', 15, '#333333');
  line(c.credentialName, 330, 'Times-Bold', 24);
  line(c.level, 362, 'Helvetica-Bold', 14, accent);

  // The particulars at the bottom left, the QR code and its address at the right.
  const facts: Array<[string, string]> = [
    ['Endorsement number', String(c.number)],
    ['Granted', c.granted],
    ['Renewal due', c.renewalDue],
  ];
  let y = 430;
  for (const [label, value] of facts) {
    doc.font('Helvetica').fontSize(10).fillColor('#555555').text(label, 72, y, { width: 150 });
    doc
      .font('Helvetica-Bold')
      .fontSize(12)
      .fillColor(ink)
      .text(value, 200, y - 1, { width: 220 });
    y += 24;
  }
  const qrSize = 104;
  const qrX = width - 72 - qrSize;
  const qrY = 412;
  doc.image(qr, qrX, qrY, { width: qrSize, height: qrSize });
  // The address under it all, on one line (smaller if need be: a broken address would not be typed in right).
  const addressWidth = width - 144;
  const label = 'Verify this endorsement, and whether it is valid today, at ';
  let size = 10;
  const widthAt = (s: number) =>
    doc.font('Helvetica').fontSize(s).widthOfString(label) +
    doc.font('Helvetica-Bold').fontSize(s).widthOfString(c.verificationUrl);
  while (size > 5 && widthAt(size) > addressWidth) size -= 0.5;
  const x = (width - widthAt(size)) / 2;
  doc
    .font('Helvetica')
    .fontSize(size)
    .fillColor('#333333')
    .text(label, x, 538, { lineBreak: false, continued: true });
  doc.font('Helvetica-Bold').fillColor(ink).text(c.verificationUrl, { lineBreak: false });
  doc.end();
  return done;
}
