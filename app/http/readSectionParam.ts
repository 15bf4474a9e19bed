import type { HttpRequest } from '@azure/functions';
import { isSectionName, sectionNames, type SectionName } from '../../domain/offer/sectionNames';
import { AppError } from './AppError';

/** The `{section}` route parameter; an unknown section is a resource that does not exist (404). */
export function readSectionParam(request: HttpRequest): SectionName {
  const section = request.params.section ?? '';
  if (!isSectionName(section)) {
    throw new AppError('notFound', `There is no section "${section}"; sections are ${sectionNames.join(', ')}.`);
  }
  return section;
}
