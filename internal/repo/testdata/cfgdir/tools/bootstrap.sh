#!/bin/sh
cd "$(dirname "$0")" && ansible-playbook ../playbooks/bootstrap.yml
