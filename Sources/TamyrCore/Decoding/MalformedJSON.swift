/// Thrown by ``JSONScanner`` when a record breaks the JSON grammar, holds
/// invalid UTF-8, or nests too deeply.
///
/// It carries no detail: the decoder only counts such records as
/// `malformed_json`, so building a message would be wasted work on the hot path.
struct MalformedJSON: Error {}
