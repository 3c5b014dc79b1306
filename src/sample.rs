//! The built-in sample case behind "Try a sample case": embedded in the wasm,
//! so loading it makes no request at all.

pub const FILES: &[(&str, &[u8])] = &[
    ("statement.csv", include_bytes!("../static/sample/statement.csv")),
    ("blue-bottle.txt", include_bytes!("../static/sample/blue-bottle.txt")),
    ("tartine-bakery.txt", include_bytes!("../static/sample/tartine-bakery.txt")),
    ("whole-foods.txt", include_bytes!("../static/sample/whole-foods.txt")),
    ("acme-refund.txt", include_bytes!("../static/sample/acme-refund.txt")),
];
