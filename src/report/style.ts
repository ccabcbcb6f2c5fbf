// Colours for the text renderer; plain when colours are off (no TTY, --no-color, NO_COLOR).
import { Chalk as ChalkClass, type ChalkInstance } from 'chalk';

export type Chalk = ChalkInstance;

export function createStyle(color: boolean): Chalk {
  return new ChalkClass({ level: color ? 1 : 0 });
}
