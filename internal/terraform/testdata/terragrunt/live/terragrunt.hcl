locals {
  state_bucket = "acme-tg-state"
}

remote_state {
  backend = "s3"
  config = {
    bucket = local.state_bucket
    key    = "${path_relative_to_include()}/terraform.tfstate"
    region = "eu-west-1"
  }
}

# Every unit's common inputs; a unit's own value wins.
inputs = {
  owner     = "platform"
  size      = "t3.small"
  api_token = "tgRootT0kenS3cret"
}
