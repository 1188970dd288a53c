"""Machine translation: the engine interface, the Argos engine, glossary enforcement, the
translation memory and model management. Heavy libraries load only when a model is used."""
