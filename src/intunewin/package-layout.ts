// The outer .intunewin layout: a stored zip with the encrypted payload and its Detection.xml
// under fixed names (microsoft-api-notes.md §3.7).
import { PAYLOAD_FILE_NAME } from './detection-xml/types.ts';

export const PACKAGE_PAYLOAD_ENTRY = `IntuneWinPackage/Contents/${PAYLOAD_FILE_NAME}`;
export const PACKAGE_DETECTION_ENTRY = 'IntuneWinPackage/Metadata/Detection.xml';
