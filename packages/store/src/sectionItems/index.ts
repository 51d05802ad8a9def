export { addSectionItems, type SectionItemsOptions, type SectionItemsWrite } from "./addSectionItems.js";
export { getSectionItem, listSectionItems, type SectionItemFilter } from "./listSectionItems.js";
export { replaceSectionItem, type SectionItemChange } from "./replaceSectionItem.js";
export {
  SECTION_ITEM_KIND_NAMES,
  type SectionItemDocument,
  type SectionItemEntry,
  type SectionItemFilterName,
  type SectionItemKind,
  type SectionItemKindName,
  sectionItemKind,
} from "./sectionItemKinds.js";
