# A released tag is never pushed again: rollbacks pull it by name.
tag_mutability = "IMMUTABLE"
