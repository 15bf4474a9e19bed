import { z } from 'zod';
import { defaultPageSize, maxPageSize } from '../http/readPageRequest';

/** The query parameters of a paged list, as `readPageRequest` reads them. */
export const pageQueryFields = {
  pageSize: z.number().int().min(1).max(maxPageSize).default(defaultPageSize).optional(),
  continuationToken: z.string().optional().describe('From the previous page'),
};
