import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/**
 * The zod instance every offer schema is built with. zod 4 schemas only get `.openapi()` (which the
 * OpenAPI registry calls to name components) when they are created after `extendZodWithOpenApi`;
 * extending here, before any schema of this domain exists, makes import order irrelevant.
 * Extending twice is a no-op, so the API layer may call it again.
 */
extendZodWithOpenApi(z);

export { z };
