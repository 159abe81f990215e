"""What a build keeps for the next one: the cache of what earlier builds made (`cache`) and the
site's folder, kept in place between builds (`output`). Both serve the site's glue and the
search index; they import nothing else of the kit."""
