import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { ZipFile } from 'yazl';
import { encodePng, type Rgb } from './encodePng';

/**
 * The files of the demo offer: brand-coloured PNGs of each slot's exact size, PDFs with real
 * text, and an ARM test drive package with a template that deploys a small web app.
 */
const navy: Rgb = [16, 42, 82];
const teal: Rgb = [0, 128, 128];
const white: Rgb = [255, 255, 255];

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  Math.round(a[0] + (b[0] - a[0]) * t),
  Math.round(a[1] + (b[1] - a[1]) * t),
  Math.round(a[2] + (b[2] - a[2]) * t),
];

/** A logo: a white ring on a navy-to-teal gradient. */
export function demoLogo(width: number, height: number): Buffer {
  const cx = width / 2;
  const cy = height / 2;
  const r = Math.min(width, height) * 0.32;
  return encodePng(width, height, (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    if (Math.abs(d - r) < Math.max(1.5, r * 0.18)) return white;
    return mix(navy, teal, (x + y) / (width + height));
  });
}

/** A screenshot-like picture: a header bar, a side bar and `variant` rows of cards. */
export function demoScreen(width: number, height: number, variant: number): Buffer {
  const header = Math.round(height * 0.1);
  const side = Math.round(width * 0.18);
  const rows = 2 + (variant % 3);
  return encodePng(width, height, (x, y) => {
    if (y < header) return navy;
    if (x < side) return [235, 240, 245];
    const cardH = (height - header) / rows;
    const inCard = (y - header) % cardH > cardH * 0.12 && (x - side) % (width / 3) > 16;
    return inCard ? white : mix([245, 247, 250], teal, 0.08 * ((variant + 1) % 4));
  });
}

/** A PDF with a title and paragraphs, one page per `pages` entry. */
export async function demoPdf(title: string, pages: string[][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  pages.forEach((paragraphs, index) => {
    const page = doc.addPage([595, 842]);
    page.drawText(index === 0 ? title : `${title} (${index + 1})`, {
      x: 50,
      y: 780,
      size: 18,
      font: bold,
      color: rgb(0.06, 0.16, 0.32),
    });
    let y = 740;
    for (const paragraph of paragraphs) {
      for (const line of wrap(paragraph, 85)) {
        page.drawText(line, { x: 50, y, size: 11, font });
        y -= 16;
      }
      y -= 10;
    }
  });
  return Buffer.from(await doc.save());
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The test drive package: `main-template.json` (App Service plan and web app) and a readme. */
export async function demoArmPackage(): Promise<Buffer> {
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      baseuri: {
        type: 'string',
        metadata: { type: 'baseuri', description: 'Base URI of the deployment package.' },
      },
      username: { type: 'string', metadata: { type: 'username', description: 'Test drive user name.' } },
      password: { type: 'securestring', metadata: { type: 'password', description: 'Test drive password.' } },
    },
    variables: {
      location: '[resourceGroup().location]',
      planName: "[concat('fieldassistplan', uniquestring(resourceGroup().id))]",
      siteName: "[concat('fieldassist', uniquestring(resourceGroup().id))]",
    },
    resources: [
      {
        type: 'Microsoft.Web/serverfarms',
        apiVersion: '2022-09-01',
        name: "[variables('planName')]",
        location: "[variables('location')]",
        sku: { name: 'B1' },
      },
      {
        type: 'Microsoft.Web/sites',
        apiVersion: '2022-09-01',
        name: "[variables('siteName')]",
        location: "[variables('location')]",
        dependsOn: ["[resourceId('Microsoft.Web/serverfarms', variables('planName'))]"],
        properties: {
          serverFarmId: "[resourceId('Microsoft.Web/serverfarms', variables('planName'))]",
          httpsOnly: true,
        },
      },
    ],
    outputs: {
      'Field Assist URL': {
        type: 'string',
        value: "[concat('https://', reference(variables('siteName')).defaultHostName)]",
      },
      'User Name': { type: 'string', value: "[parameters('username')]" },
      Password: { type: 'string', value: "[parameters('password')]" },
    },
  };
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(template, null, 2)), 'main-template.json');
  zip.addBuffer(
    Buffer.from('Contoso Field Assist test drive: deploys a sample dispatch board.\n'),
    'README.txt',
  );
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}
