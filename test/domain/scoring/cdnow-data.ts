/** Loads the CDNOW reference files from shared/datasets/cdnow (see its README). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { OrderRecord } from "../../../app/domain/scoring";

export const CDNOW_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../shared/datasets/cdnow");

export interface CdnowCalibrationHoldout {
  x: number[];
  tx: number[];
  T: number[];
  xStar: number[];
  spend: number[];
}

/** cdnow_cbs_calibration_holdout.csv: exact (6 dp) calibration summary, weeks. */
export function loadCalibrationHoldout(): CdnowCalibrationHoldout {
  const lines = readFileSync(path.join(CDNOW_DIR, "cdnow_cbs_calibration_holdout.csv"), "utf8").trim().split(/\r?\n/).slice(1);
  const out: CdnowCalibrationHoldout = { x: [], tx: [], T: [], xStar: [], spend: [] };
  for (const line of lines) {
    const c = line.split(",");
    out.x.push(Number(c[1]));
    out.tx.push(Number(c[2]));
    out.T.push(Number(c[3]));
    out.xStar.push(Number(c[4]));
    out.spend.push(Number(c[5]));
  }
  return out;
}

/** CDNOW_sample.txt event log (master_id sample_id YYYYMMDD cds dollars) as orders at UTC midnight. */
export function loadSampleOrders(): OrderRecord[] {
  const lines = readFileSync(path.join(CDNOW_DIR, "CDNOW_sample.txt"), "utf8").trim().split(/\r?\n/);
  return lines.map((line) => {
    const [, id, date, , dollars] = line.trim().split(/\s+/);
    const timestamp = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
    return { customerId: id, timestamp, amount: Number(dollars) };
  });
}
