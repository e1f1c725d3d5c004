"""E-form definitions (biểu mẫu điện tử) per procedure version: JSON Schema 2020-12 plus guidance,
prefill sources and catalogue-backed enumerations — the contract intake validates against (R-CAT-4)."""
