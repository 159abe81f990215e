"""The content model and how contributed files are read: people, vocabularies, circles and
records as plain Python (`model`), a file's bytes, front matter and body (`source`,
`strictyaml`), one reading of contributed Markdown (`mdscan`, `links`, `names`), which files
may be read at all (`paths`), the kit's settings (`settings`) and problems as plain data
(`problems`). Nothing here imports from the rest of the kit."""
