// The lab's catalogue: five seed scenarios, each served by three Flask apps.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Variant = 'vulnerable' | 'published' | 'fixed';
export type Service = 'dynamo' | 'postgres';

export interface AppSpec {
  /** e.g. `000-vulnerable` */
  readonly id: string;
  /** seed scenario id, e.g. `000` (the article `/work/shared/seeds/000_*.txt`) */
  readonly seed: string;
  readonly variant: Variant;
  readonly script: string;
  readonly configPath: string;
  readonly truthPath: string;
  readonly services: readonly Service[];
}

export const LAB_DIR = dirname(fileURLToPath(import.meta.url));
export const VARIANTS: readonly Variant[] = ['vulnerable', 'published', 'fixed'];

const SEED_SERVICES: Readonly<Record<string, readonly Service[]>> = {
  '000': ['dynamo'],
  '001': ['dynamo'],
  '002': ['dynamo'],
  '003': ['postgres'],
  '004': [],
};

export const APP_SPECS: readonly AppSpec[] = Object.entries(SEED_SERVICES).flatMap(([seed, services]) =>
  VARIANTS.map((variant) => {
    const dir = join(LAB_DIR, 'apps', seed);
    return {
      id: `${seed}-${variant}`,
      seed,
      variant,
      script: join(dir, `${variant}.py`),
      configPath: join(dir, `${variant}.config.json`),
      truthPath: join(dir, `${variant}.truth.json`),
      services,
    };
  }),
);

/** App ids, or seed ids meaning all three variants; none means every app. Unknown ids throw. */
export function resolveApps(ids?: readonly string[]): AppSpec[] {
  if (!ids || ids.length === 0) return [...APP_SPECS];
  const picked = new Map<string, AppSpec>();
  for (const id of ids) {
    const matches = APP_SPECS.filter((a) => a.id === id || a.seed === id);
    if (matches.length === 0) {
      throw new Error(`unknown lab app "${id}"; known: ${APP_SPECS.map((a) => a.id).join(', ')}`);
    }
    for (const m of matches) picked.set(m.id, m);
  }
  return [...picked.values()];
}

/** PostgreSQL database of an app (see lab/apps/labkit.py pg_dbname). */
export function pgDatabase(appId: string): string {
  return `app_${appId.replaceAll('-', '_')}`;
}
