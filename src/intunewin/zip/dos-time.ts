// MS-DOS date and time as zip headers store them: local wall-clock time, 2-second resolution,
// years 1980..2107. .NET's ZipArchive (and so IntuneWinAppUtil) writes a file's local time.

export interface DosDateTime {
  time: number;
  date: number;
}

export function toDosDateTime(when: Date): DosDateTime {
  const year = when.getFullYear();
  if (year < 1980) return { time: 0, date: (1 << 5) | 1 }; // 1980-01-01 00:00, the earliest DOS date
  const clamped = year > 2107 ? new Date(2107, 11, 31, 23, 59, 58) : when;
  return {
    time: (clamped.getHours() << 11) | (clamped.getMinutes() << 5) | (clamped.getSeconds() >> 1),
    date: ((clamped.getFullYear() - 1980) << 9) | ((clamped.getMonth() + 1) << 5) | clamped.getDate(),
  };
}

export function fromDosDateTime({ time, date }: DosDateTime): Date {
  return new Date(
    (date >> 9) + 1980,
    ((date >> 5) & 0x0f) - 1,
    date & 0x1f,
    time >> 11,
    (time >> 5) & 0x3f,
    (time & 0x1f) * 2,
  );
}
