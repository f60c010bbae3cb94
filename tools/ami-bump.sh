#!/usr/bin/env bash
# Pins a stack file's amiId to the ECS-optimized Amazon Linux 2023 AMI that AWS currently recommends for the stack's
# region and architecture (the public SSM parameter the unpinned stacks read), with the AMI's name in the comment
# above it. Prints "unchanged <id>" or "bumped <old> <new> <name>". Needs AWS credentials that may read SSM
# parameters. Usage: tools/ami-bump.sh Pulumi.prod.yaml
set -euo pipefail
file=${1:?usage: tools/ami-bump.sh <stack file>}

region=$(sed -nE 's/^  aws:region: *([a-z0-9-]+) *$/\1/p' "$file")
instance_type=$(sed -nE 's/^  ecs-refarch:instanceType: *([a-z0-9.-]+) *$/\1/p' "$file")
current=$(sed -nE 's/^  ecs-refarch:amiId: *(ami-[0-9a-f]+) *$/\1/p' "$file")
if [ -z "$region" ] || [ -z "$current" ]; then
  echo "ami-bump: $file sets no aws:region or no pinned ecs-refarch:amiId" >&2
  exit 2
fi

# Graviton families (a 'g' after the generation, as infra.Model's InstanceTypes reads them) boot the arm64 AMI.
parameter=/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended
if [[ "${instance_type%%.*}" =~ ^[a-z]+[0-9]+[a-z]*g[a-z]*$ ]]; then
  parameter=/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended
fi

recommended=$(aws ssm get-parameter --region "$region" --name "$parameter" --query Parameter.Value --output text)
latest=$(jq -r .image_id <<<"$recommended")
name=$(jq -r .image_name <<<"$recommended")
if [[ ! "$latest" =~ ^ami-[0-9a-f]{8,17}$ ]]; then
  echo "ami-bump: $parameter in $region did not name an AMI: $latest" >&2
  exit 1
fi

if [ "$latest" = "$current" ]; then
  echo "unchanged $current"
  exit 0
fi

sed -i -E \
  -e "s/^(  ecs-refarch:amiId: *)ami-[0-9a-f]+/\1$latest/" \
  -e "s/\(al2023-ami-ecs-[A-Za-z0-9._-]+ here\)/($name here)/" \
  "$file"
echo "bumped $current $latest $name"
