/** Every leaf of a JSON value by its JSON Pointer. */
export function flatten(value, pointer = '', into = new Map()) {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    if (entries.length === 0) into.set(pointer || '/', Array.isArray(value) ? '[]' : '{}');
    for (const [key, child] of entries) {
      flatten(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, into);
    }
  } else if (value !== undefined) {
    into.set(pointer || '/', JSON.stringify(value));
  }
  return into;
}

/** The pointers where any of the values differ, each with its value in every one (undefined: absent). */
export function differences(...values) {
  const flat = values.map(value => flatten(value));
  const pointers = [...new Set(flat.flatMap(map => [...map.keys()]))].sort();
  return pointers
    .map(pointer => ({ pointer, values: flat.map(map => map.get(pointer)) }))
    .filter(row => new Set(row.values).size > 1);
}
