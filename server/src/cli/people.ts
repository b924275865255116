/**
 * Fictional people for the demo data and the seed: names in the original script with the
 * transliteration a passport would carry. Any resemblance to real persons is coincidental.
 */
export interface NamePool {
  nationality: string;
  languages: string[];
  male: [string, string][];
  female: [string, string][];
  /** [Latin, native] family names; a second native form for women where the language inflects. */
  family: [string, string, string?][];
}

export const POOLS: NamePool[] = [
  {
    nationality: 'RU',
    languages: ['ru'],
    male: [
      ['Dmitrii', 'Дмитрий'],
      ['Aleksei', 'Алексей'],
      ['Ivan', 'Иван'],
      ['Pavel', 'Павел'],
      ['Artem', 'Артём'],
      ['Maksim', 'Максим'],
      ['Sergei', 'Сергей'],
      ['Nikita', 'Никита'],
      ['Egor', 'Егор'],
      ['Kirill', 'Кирилл'],
      ['Andrei', 'Андрей'],
      ['Mikhail', 'Михаил'],
      ['Ilia', 'Илья'],
      ['Timofei', 'Тимофей'],
    ],
    female: [
      ['Olga', 'Ольга'],
      ['Anastasiia', 'Анастасия'],
      ['Iuliia', 'Юлия'],
      ['Ekaterina', 'Екатерина'],
      ['Mariia', 'Мария'],
    ],
    family: [
      ['Sokolov', 'Соколов', 'Соколова'],
      ['Morozov', 'Морозов', 'Морозова'],
      ['Kuznetsov', 'Кузнецов', 'Кузнецова'],
      ['Smirnov', 'Смирнов', 'Смирнова'],
      ['Volkov', 'Волков', 'Волкова'],
      ['Lebedev', 'Лебедев', 'Лебедева'],
      ['Novikov', 'Новиков', 'Новикова'],
      ['Fedorov', 'Фёдоров', 'Фёдорова'],
      ['Pavlov', 'Павлов', 'Павлова'],
      ['Orlov', 'Орлов', 'Орлова'],
      ['Zaitsev', 'Зайцев', 'Зайцева'],
      ['Popov', 'Попов', 'Попова'],
      ['Belov', 'Белов', 'Белова'],
      ['Egorov', 'Егоров', 'Егорова'],
      ['Gusev', 'Гусев', 'Гусева'],
      ['Tarasov', 'Тарасов', 'Тарасова'],
    ],
  },
  {
    nationality: 'ER',
    languages: ['ti'],
    male: [
      ['Yonas', 'ዮናስ'],
      ['Samuel', 'ሳሙኤል'],
      ['Amanuel', 'ኣማኑኤል'],
      ['Dawit', 'ዳዊት'],
      ['Mikiel', 'ሚኪኤል'],
      ['Filmon', 'ፊልሞን'],
      ['Robel', 'ሮቤል'],
      ['Henok', 'ሄኖክ'],
    ],
    female: [
      ['Freweini', 'ፍረወይኒ'],
      ['Selam', 'ሰላም'],
      ['Helen', 'ሄለን'],
      ['Senait', 'ሰናይት'],
    ],
    family: [
      ['Tesfay', 'ተስፋይ'],
      ['Gebrehiwot', 'ገብረሂወት'],
      ['Haile', 'ሃይለ'],
      ['Kidane', 'ኪዳነ'],
      ['Berhane', 'ብርሃነ'],
      ['Tewelde', 'ተወልደ'],
      ['Habte', 'ሃብተ'],
      ['Asmerom', 'ኣስመሮም'],
      ['Mehari', 'መሓሪ'],
      ['Woldu', 'ወልዱ'],
    ],
  },
  {
    nationality: 'UA',
    languages: ['uk', 'ru'],
    male: [
      ['Oleksandr', 'Олександр'],
      ['Bohdan', 'Богдан'],
      ['Andrii', 'Андрій'],
      ['Serhii', 'Сергій'],
      ['Taras', 'Тарас'],
    ],
    female: [
      ['Yuliia', 'Юлія'],
      ['Oksana', 'Оксана'],
      ['Nataliia', 'Наталія'],
      ['Iryna', 'Ірина'],
      ['Olena', 'Олена'],
    ],
    family: [
      ['Kovalchuk', 'Ковальчук'],
      ['Shevchenko', 'Шевченко'],
      ['Bondarenko', 'Бондаренко'],
      ['Melnyk', 'Мельник'],
      ['Tkachenko', 'Ткаченко'],
      ['Kravchenko', 'Кравченко'],
      ['Oliinyk', 'Олійник'],
    ],
  },
  {
    nationality: 'BY',
    languages: ['be', 'ru'],
    male: [
      ['Aliaksandr', 'Аляксандр'],
      ['Siarhei', 'Сяргей'],
      ['Pavel', 'Павел'],
      ['Uladzimir', 'Уладзімір'],
      ['Yauhen', 'Яўген'],
    ],
    female: [
      ['Volha', 'Вольга'],
      ['Hanna', 'Ганна'],
      ['Katsiaryna', 'Кацярына'],
    ],
    family: [
      ['Kavalenka', 'Каваленка'],
      ['Dubovik', 'Дубовік'],
      ['Zhuk', 'Жук'],
      ['Shyla', 'Шыла'],
      ['Karpovich', 'Карповіч'],
      ['Hrynevich', 'Грыневіч'],
    ],
  },
];

/** A small deterministic PRNG (mulberry32), so a seed is reproducible. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/** Picks by weight: `[[value, weight], …]`. */
export function weighted<T>(rand: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = rand() * total;
  for (const [value, w] of items) {
    r -= w;
    if (r < 0) return value;
  }
  return items[items.length - 1][0];
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface Person {
  givenName: string;
  familyName: string;
  nativeName: string;
  sex: 'male' | 'female';
  nationality: string;
  languages: string[];
}

export function person(rand: () => number, pool: NamePool, sex: 'male' | 'female'): Person {
  const [given, givenNative] = pick(rand, sex === 'male' ? pool.male : pool.female);
  const [family, familyNative, familyFeminine] = pick(rand, pool.family);
  const native =
    pool.nationality === 'ER'
      ? `${givenNative} ${familyNative}`
      : `${givenNative} ${sex === 'female' && familyFeminine ? familyFeminine : familyNative}`;
  const latinFamily =
    sex === 'female' && familyFeminine && pool.nationality === 'RU' ? `${family}a` : family;
  return {
    givenName: given,
    familyName: latinFamily,
    nativeName: native,
    sex,
    nationality: pool.nationality,
    languages: pool.languages,
  };
}
