/** The engine conformance suite, in the order a reader would check an engine. */
import type { EngineCheck } from '../engine-check';
import { clientRequestTokenCheck } from './client-request-token';
import { conditionalUpdateCheck } from './conditional-update';
import { duplicateTransactionCheck } from './duplicate-transaction';
import { gsiQueryCheck, scanPagesCheck } from './paged-reads';
import { type SeatRaceShape, seatRaceCheck } from './seat-race';
import { tableShapeCheck } from './table-shape';

export function engineChecks(race?: SeatRaceShape): readonly EngineCheck[] {
  return [
    tableShapeCheck,
    duplicateTransactionCheck,
    conditionalUpdateCheck,
    gsiQueryCheck,
    scanPagesCheck,
    clientRequestTokenCheck,
    seatRaceCheck(race),
  ];
}
