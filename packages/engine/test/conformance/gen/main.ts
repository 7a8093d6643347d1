import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAggregateCases } from './aggregate.ts';
import { generateDecimalCases } from './decimal.ts';
import { generateErrorCases } from './errors.ts';
import { generateFixCases } from './fixes.ts';
import { generateJoinCases } from './joins.ts';
import { writeAll } from './lib.ts';
import { generateMiscCases } from './misc.ts';
import {
  generateEdgeCases,
  generateInterleavedCases,
  generateMoreCases,
  generateTrapCases,
} from './more.ts';
import { generateNullCases } from './nulls.ts';
import { generateOverCases } from './over.ts';
import {
  generateNamedWindowCases,
  generateNestedCteCases,
  generateOrderedAggregateCases,
  generateSetOperationPrecedenceCases,
  generateTwoArgumentWindowCases,
} from './postgres-forms.ts';
import { generateScalarCases } from './scalar.ts';
import { generateWindowCases } from './windows.ts';

generateDecimalCases();
generateScalarCases();
generateAggregateCases();
generateWindowCases();
generateOverCases();
generateJoinCases();
generateMiscCases();
generateNullCases();
generateErrorCases();
generateMoreCases();
generateTrapCases();
generateEdgeCases();
generateInterleavedCases();
generateFixCases();
generateNamedWindowCases();
generateOrderedAggregateCases();
generateTwoArgumentWindowCases();
generateNestedCteCases();
generateSetOperationPrecedenceCases();

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'cases');
console.log(`wrote ${writeAll(root)} cases to ${root}`);
