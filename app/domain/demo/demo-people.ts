/**
 * Name and address pools for demo customers. Each name carries an ASCII
 * romanisation so emails stay plain `local@example.com` addresses even when the
 * display name is in a non-Latin script (the UI must render both).
 *
 * Locales are weighted roughly like a US-based DTC shop that ships abroad.
 */
import type { RandomSource } from "../random/seeded-random";
import { bernoulli, createWeightedPicker, uniformInt } from "../random/samplers";

type RomanisedName = readonly [display: string, ascii: string];

interface DemoLocale {
  countryCode: string;
  dialCode: string;
  weight: number;
  cities: readonly string[];
  firstNames: readonly RomanisedName[];
  lastNames: readonly RomanisedName[];
}

const same = (names: string[]): RomanisedName[] => names.map((name) => [name, name] as const);

const LOCALES: readonly DemoLocale[] = [
  {
    countryCode: "US", dialCode: "+1", weight: 55,
    cities: ["Portland", "Austin", "Brooklyn", "Denver", "Chicago", "Seattle", "Oakland", "Minneapolis", "Atlanta", "Boston"],
    firstNames: same(["Emma", "Liam", "Olivia", "Noah", "Ava", "Mateo", "Sophia", "Elijah", "Isabella", "James", "Mia", "Lucas", "Harper", "Aaliyah", "Jamal", "Priya", "Diego", "Grace", "Ethan", "Chloe"]),
    lastNames: same(["Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Nguyen", "Patel", "Kim", "Thompson", "Washington", "Lopez", "Walker", "Young", "Rivera"]),
  },
  {
    countryCode: "CA", dialCode: "+1", weight: 10,
    cities: ["Toronto", "Vancouver", "Montréal", "Calgary", "Ottawa"],
    firstNames: [["Chloé", "chloe"], ["Félix", "felix"], ...same(["Owen", "Amelia", "Benjamin", "Zoe", "Nathan", "Leah"])],
    lastNames: [["Tremblay", "tremblay"], ["Gagnon", "gagnon"], ["Côté", "cote"], ...same(["Roy", "MacDonald", "Singh", "Wilson", "Campbell"])],
  },
  {
    countryCode: "GB", dialCode: "+44", weight: 8,
    cities: ["London", "Manchester", "Bristol", "Edinburgh", "Leeds"],
    firstNames: same(["Oliver", "Amelia", "George", "Isla", "Harry", "Freya", "Arthur", "Poppy", "Aisha", "Mohammed"]),
    lastNames: same(["Taylor", "Evans", "Hughes", "Wright", "Khan", "Robinson", "Clarke", "Murphy"]),
  },
  {
    countryCode: "DE", dialCode: "+49", weight: 6,
    cities: ["Berlin", "München", "Hamburg", "Köln", "Leipzig"],
    firstNames: [["Jürgen", "juergen"], ["Zoë", "zoe"], ...same(["Lena", "Felix", "Hannah", "Jonas", "Marie", "Paul"])],
    lastNames: [["Müller", "mueller"], ["Schröder", "schroeder"], ["Weiß", "weiss"], ...same(["Schmidt", "Fischer", "Wagner", "Becker"])],
  },
  {
    countryCode: "JP", dialCode: "+81", weight: 5,
    cities: ["Tokyo", "Osaka", "Kyoto", "Fukuoka", "Sapporo"],
    firstNames: [["陽翔", "haruto"], ["結衣", "yui"], ["蓮", "ren"], ["さくら", "sakura"], ["大和", "yamato"], ["美咲", "misaki"]],
    lastNames: [["佐藤", "sato"], ["鈴木", "suzuki"], ["高橋", "takahashi"], ["田中", "tanaka"], ["渡辺", "watanabe"], ["伊藤", "ito"]],
  },
  {
    countryCode: "KR", dialCode: "+82", weight: 3,
    cities: ["Seoul", "Busan", "Incheon"],
    firstNames: [["민준", "minjun"], ["서연", "seoyeon"], ["지호", "jiho"], ["하은", "haeun"]],
    lastNames: [["김", "kim"], ["이", "lee"], ["박", "park"], ["최", "choi"]],
  },
  {
    countryCode: "AE", dialCode: "+971", weight: 2,
    cities: ["Dubai", "Abu Dhabi"],
    firstNames: [["ليلى", "layla"], ["عمر", "omar"], ["فاطمة", "fatima"], ["يوسف", "yusuf"]],
    lastNames: [["الحسن", "alhassan"], ["المنصوري", "almansoori"], ["حداد", "haddad"]],
  },
  {
    countryCode: "GR", dialCode: "+30", weight: 2,
    cities: ["Athens", "Thessaloniki"],
    firstNames: [["Νίκος", "nikos"], ["Ελένη", "eleni"], ["Γιώργος", "giorgos"], ["Μαρία", "maria"]],
    lastNames: [["Παπαδόπουλος", "papadopoulos"], ["Γεωργίου", "georgiou"], ["Νικολάου", "nikolaou"]],
  },
  {
    countryCode: "AU", dialCode: "+61", weight: 5,
    cities: ["Melbourne", "Sydney", "Brisbane", "Perth"],
    firstNames: same(["Charlotte", "Jack", "Ruby", "William", "Matilda", "Cooper"]),
    lastNames: same(["Jones", "Wilson", "Ryan", "Chen", "O'Brien", "Nguyen"]),
  },
  {
    countryCode: "MX", dialCode: "+52", weight: 4,
    cities: ["Ciudad de México", "Guadalajara", "Monterrey"],
    firstNames: [["Sofía", "sofia"], ["José", "jose"], ["Valentina", "valentina"], ["Santiago", "santiago"], ["Ximena", "ximena"]],
    lastNames: [["Hernández", "hernandez"], ["González", "gonzalez"], ["Ramírez", "ramirez"], ["Flores", "flores"]],
  },
];

const pickLocale = createWeightedPicker(LOCALES, LOCALES.map((locale) => locale.weight));

export interface DemoPerson {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  city: string;
  countryCode: string;
}

/**
 * Creates a person factory that guarantees unique emails within one history
 * (a numeric suffix disambiguates repeats, as real sign-ups often do).
 */
export function createPersonFactory(rng: RandomSource): () => DemoPerson {
  const usedLocalParts = new Map<string, number>();
  return () => {
    const locale = pickLocale(rng);
    const [firstName, firstAscii] = locale.firstNames[uniformInt(rng, 0, locale.firstNames.length - 1)];
    const [lastName, lastAscii] = locale.lastNames[uniformInt(rng, 0, locale.lastNames.length - 1)];
    const base = `${firstAscii}.${lastAscii}`.toLowerCase().replace(/[^a-z0-9.]/g, "");
    const seen = usedLocalParts.get(base) ?? 0;
    usedLocalParts.set(base, seen + 1);
    const localPart = seen === 0 ? base : `${base}${seen + 1}`;
    // Roughly 40% of shoppers leave a phone number at checkout.
    const phone = bernoulli(rng, 0.4) ? `${locale.dialCode}555${String(uniformInt(rng, 0, 9_999_999)).padStart(7, "0")}` : null;
    return {
      firstName,
      lastName,
      email: `${localPart}@example.com`,
      phone,
      city: locale.cities[uniformInt(rng, 0, locale.cities.length - 1)],
      countryCode: locale.countryCode,
    };
  };
}
