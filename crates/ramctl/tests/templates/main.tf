# The RAM setup of team A's deployer: one policy per way Terraform users write them.

resource "alicloud_ram_policy" "pull" {
  policy_name     = "team-a-pull"
  policy_document = <<-EOF
    {
      "Version": "1",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["cr:PullRepo"],
          "Resource": "acs:cr:*:*:repository/cri-abc/team-a/*"
        }
      ]
    }
  EOF
}

resource "alicloud_ram_policy" "office" {
  policy_name = "office-only"
  policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Effect   = "Allow"
      Action   = ["cr:GetInstance"]
      Resource = ["acs:cr:*:*:instance/cri-abc"]
      Condition = {
        IpAddress = { "acs:SourceIp" = "203.0.113.7/32" }
      }
    }]
  })
}

data "alicloud_ram_policy_document" "partner" {
  statement {
    effect = "Allow"
    action = ["sts:AssumeRole"]
    principal {
      entity      = "RAM"
      identifiers = ["acs:ram::*:root"]
    }
  }
}

resource "alicloud_ram_role" "partner" {
  name                        = "partner"
  assume_role_policy_document = data.alicloud_ram_policy_document.partner.document
}

resource "alicloud_ram_role" "ops" {
  name = "ops"
  assume_role_policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Federated = ["acs:ram::1234567890:saml-provider/corp-idp"] }
    }]
  })
}

resource "alicloud_ram_policy" "extra" {
  policy_name     = "extra"
  policy_document = var.extra_policy
}
