"""The pages the kit generates from the content model, as Markdown sources for MkDocs.

`common` holds what every generated page shares (front matter, links between pages);
`catalogue` the records, circles and their indexes; `steering` « Qui sait faire ? », the
indicators and the risk map; `printed` the grids and certificates; `contribution` the
« Proposer une fiche » form; `views` what the templates show. They build on the content
model, the rules and the steering figures, and never import the site's glue (`legs.site`).
"""
