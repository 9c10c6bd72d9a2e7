import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
// @ts-expect-error: a plain-JS ESLint rule, typed by ESLint's own Rule module at use.
import { featureBoundaries } from './feature-boundaries.js';

RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const at = (file: string) => path.resolve(process.cwd(), file);

tester.run('feature-boundaries', featureBoundaries, {
  valid: [
    { filename: at('server/face/face-checks.ts'), code: "import { CallStore } from '../call/index.js';" },
    { filename: at('server/face/face-checks.ts'), code: "import { AppError } from '../platform/errors.js';" },
    {
      filename: at('server/face/face-checks.ts'),
      code: "import { canonicalJson } from '../../shared/domain/canonical-json.js';",
    },
    {
      filename: at('server/face/rules/challenge.ts'),
      code: "import type { Ticket } from '../../queue/index.js';",
    },
    { filename: at('server/face/rules/challenge.ts'), code: "import { headYaw } from './head-yaw.js';" },
    { filename: at('server/composition/compose.ts'), code: "import { CallStore } from '../call/index.js';" },
    { filename: at('server/platform/http/http-app.ts'), code: "import { AppError } from '../errors.js';" },
    {
      filename: at('test/support/clients.ts'),
      code: "import { CallStore } from '../../server/call/call-store.js';",
    },
  ],
  invalid: [
    {
      filename: at('server/face/face-checks.ts'),
      code: "import { CallStore } from '../call/call-store.js';",
      errors: [{ messageId: 'throughIndex' }],
    },
    {
      filename: at('server/face/face-checks.ts'),
      code: "export { CallStore } from '../call/call-store.js';",
      errors: [{ messageId: 'throughIndex' }],
    },
    {
      filename: at('server/face/face-checks.ts'),
      code: "const store = import('../call/call-store.js');",
      errors: [{ messageId: 'throughIndex' }],
    },
    {
      filename: at('server/platform/http/http-app.ts'),
      code: "import { faceRoutes } from '../../face/index.js';",
      errors: [{ messageId: 'platformImportsFeature' }],
    },
    {
      filename: at('server/face/rules/challenge.ts'),
      code: "import { AppError } from '../../platform/errors.js';",
      errors: [{ messageId: 'rulesImportPlatform' }],
    },
    {
      filename: at('server/face/rules/challenge.ts'),
      code: "import { TicketStore } from '../../queue/index.js';",
      errors: [{ messageId: 'rulesImportFeatureValue' }],
    },
  ],
});
