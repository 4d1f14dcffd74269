import { entraMappingCatalog } from "../mapping/index";
import type { MappingCatalog } from "./job-config";

/** Entra's default user and group mappings, compiled by engine/mapping (errors name field and column). */
export const ENTRA_MAPPINGS: MappingCatalog = entraMappingCatalog;
