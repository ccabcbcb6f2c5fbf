// Serialises Detection.xml like .NET's XmlSerializer with OmitXmlDeclaration and Indent:
// no declaration, no BOM, two-space indent, the xsd/xsi namespace declarations on the root,
// elements in the tool's order, booleans as true/false. Line ends are LF, as in the samples.
import { ENCRYPTION_ELEMENTS, MSI_ELEMENTS, type DetectionInfo } from './types.ts';

const XSD = 'http://www.w3.org/2001/XMLSchema';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

function element(indent: number, name: string, value: string | number | boolean): string {
  return `${' '.repeat(indent)}<${name}>${escapeText(String(value))}</${name}>`;
}

export function writeDetectionXml(info: DetectionInfo): string {
  const lines = [
    `<ApplicationInfo xmlns:xsd="${XSD}" xmlns:xsi="${XSI}" ToolVersion="${escapeAttribute(info.toolVersion)}">`,
    element(2, 'Name', info.name),
    ...(info.description === undefined ? [] : [element(2, 'Description', info.description)]),
    element(2, 'UnencryptedContentSize', info.unencryptedContentSize),
    element(2, 'FileName', info.fileName),
    element(2, 'SetupFile', info.setupFile),
    '  <EncryptionInfo>',
    ...ENCRYPTION_ELEMENTS.map(([name, key]) => element(4, name, info.encryptionInfo[key])),
    '  </EncryptionInfo>',
  ];
  const msi = info.msiInfo;
  if (msi) {
    lines.push(
      '  <MsiInfo>',
      ...MSI_ELEMENTS.map(([name, key]) => element(4, name, msi[key])),
      '  </MsiInfo>',
    );
  }
  lines.push('</ApplicationInfo>');
  return lines.join('\n');
}
