/** Names that cannot be Python identifiers (hard keywords, as of Python 3.13). */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
  "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
  "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]);

/**
 * Attribute names that a generated class cannot use as a column or relationship: the
 * declarative machinery of SQLAlchemy and Pydantic v2 owns them.
 */
export const PYTHON_CLASS_ATTRIBUTES: ReadonlyMap<string, string> = new Map([
  ["metadata", "SQLAlchemy's DeclarativeBase.metadata"],
  ["registry", "SQLAlchemy's DeclarativeBase.registry"],
  ["type_annotation_map", "SQLAlchemy's DeclarativeBase.type_annotation_map"],
  ["query", "the session query property of many SQLAlchemy integrations"],
  ["model_config", "Pydantic's BaseModel.model_config"],
  ["model_fields", "Pydantic's BaseModel.model_fields"],
  ["model_computed_fields", "Pydantic's BaseModel.model_computed_fields"],
  ["model_extra", "Pydantic's BaseModel.model_extra"],
  ["model_fields_set", "Pydantic's BaseModel.model_fields_set"],
  ["model_construct", "Pydantic's BaseModel.model_construct"],
  ["model_copy", "Pydantic's BaseModel.model_copy"],
  ["model_dump", "Pydantic's BaseModel.model_dump"],
  ["model_dump_json", "Pydantic's BaseModel.model_dump_json"],
  ["model_json_schema", "Pydantic's BaseModel.model_json_schema"],
  ["model_parametrized_name", "Pydantic's BaseModel.model_parametrized_name"],
  ["model_post_init", "Pydantic's BaseModel.model_post_init"],
  ["model_rebuild", "Pydantic's BaseModel.model_rebuild"],
  ["model_validate", "Pydantic's BaseModel.model_validate"],
  ["model_validate_json", "Pydantic's BaseModel.model_validate_json"],
  ["model_validate_strings", "Pydantic's BaseModel.model_validate_strings"],
  ["dict", "Pydantic's BaseModel.dict"],
  ["json", "Pydantic's BaseModel.json"],
  ["copy", "Pydantic's BaseModel.copy"],
  ["schema", "Pydantic's BaseModel.schema"],
  ["schema_json", "Pydantic's BaseModel.schema_json"],
  ["construct", "Pydantic's BaseModel.construct"],
  ["validate", "Pydantic's BaseModel.validate"],
  ["parse_obj", "Pydantic's BaseModel.parse_obj"],
  ["parse_raw", "Pydantic's BaseModel.parse_raw"],
  ["parse_file", "Pydantic's BaseModel.parse_file"],
  ["from_orm", "Pydantic's BaseModel.from_orm"],
  ["update_forward_refs", "Pydantic's BaseModel.update_forward_refs"],
]);

/** Class names the generated package defines itself. */
export const PYTHON_RESERVED_CLASS_NAMES: ReadonlySet<string> = new Set([
  "Base", "BaseModel", "GlobalBaseModel", "Enum", "Any", "Decimal", "Mapped", "Field", "ConfigDict",
  "TYPE_CHECKING", "None", "True", "False",
]);
