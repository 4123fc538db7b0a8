web_size    = "m5.large"
db_class    = "db.r6g.large"
db_password = "prodS3cretPassw0rd"
