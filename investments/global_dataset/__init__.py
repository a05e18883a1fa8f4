"""The global dataset (`/data/`): every published profile answer, score, plan cost and public
commitment as CSV and XLSX files, with their data dictionary; the latest edition and a frozen
edition per published reporting cycle (docs/exports.md, "The global dataset")."""
