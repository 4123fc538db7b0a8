db_password = "u2g9yn6vsgkq8t93"
