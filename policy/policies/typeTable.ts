/**
 * Every resource type of @pulumi/aws 7.48.0, classified once: the class that judges it, or `inert`, or
 * `unreviewed`. Keyed by module (`aws:<module>/...`); each class lists the camel-case names of the
 * module's types (`aws:ec2/vpc:Vpc` is `vpc` in `ec2`). Every type is listed by name, never by a
 * module-wide default, so a provider upgrade that adds a type fails test/policy/typeTable.test.ts
 * until someone classifies it (and, until then, the pack refuses it as unreviewed).
 *
 * - judged (`compute`, `network`, `exposure`, `data`, `identity`, `loadBalancing`, `dns`): the rules of
 *   that class read the type (classes.ts names them);
 * - `inert`: it cannot run code, hold application data, grant access or open an endpoint (tags,
 *   alarms, dashboards, log groups, scaling policies, WAF rules, NACLs, which only narrow what
 *   security groups admit, database subnet groups, whose databases' public flags are judged, ...);
 * - `unreviewed`: anything else; refused unless the pack config allows it (`reviewed-types-only`).
 */

/** The classes of a judged type: each names a family of rules written over all of its types. */
export type JudgedClass = "compute" | "network" | "exposure" | "data" | "identity" | "loadBalancing" | "dns";

/** What the pack does with a resource type. */
export type TypeClass = JudgedClass | "inert" | "unreviewed";

/** One module's types by class: space-separated camel-case names. */
export type ModuleClasses = Partial<Record<TypeClass, string>>;

/** The @pulumi/aws version the table was reviewed against. */
export const reviewedProvider = "@pulumi/aws 7.48.0";

/** Module -> class -> type names. */
export const awsTypeTable: Record<string, ModuleClasses> = {
    accessanalyzer: { inert: "analyzer archiveRule" },
    account: { unreviewed: "alternativeContact primaryContact region" },
    accountaccess: { unreviewed: "application entitlement" },
    acm: { inert: "certificate certificateValidation" },
    acmpca: { unreviewed: "certificate certificateAuthority certificateAuthorityCertificate permission policy" },
    agentregistry: { unreviewed: "registry" },
    alb: { loadBalancing: "listener listenerCertificate listenerRule loadBalancer targetGroup targetGroupAttachment" },
    amp: {
        unreviewed: "alertManagerDefinition anomalyDetector queryLoggingConfiguration resourcePolicy ruleGroupNamespace scraper "
            + "scraperLoggingConfiguration workspace workspaceConfiguration",
    },
    amplify: { unreviewed: "app backendEnvironment branch domainAssociation webhook" },
    apigateway: {
        unreviewed: "account apiKey authorizer basePathMapping clientCertificate deployment documentationPart documentationVersion "
            + "domainName domainNameAccessAssociation integration integrationResponse method methodResponse methodSettings "
            + "model requestValidator resource response restApi restApiPolicy restApiPut stage usagePlan usagePlanKey vpcLink",
    },
    apigatewayv2: {
        unreviewed: "api apiMapping authorizer deployment domainName integration integrationResponse model route routeResponse "
            + "routingRule stage vpcLink",
    },
    appautoscaling: { inert: "policy scheduledAction target" },
    appconfig: {
        unreviewed: "application configurationProfile deployment deploymentStrategy environment eventIntegration extension "
            + "extensionAssociation hostedConfigurationVersion",
    },
    appfabric: { unreviewed: "appAuthorization appAuthorizationConnection appBundle ingestion ingestionDestination" },
    appflow: { unreviewed: "connectorProfile flow" },
    appintegrations: { unreviewed: "dataIntegration" },
    applicationinsights: { inert: "application" },
    appmesh: { unreviewed: "gatewayRoute mesh route virtualGateway virtualNode virtualRouter virtualService" },
    apprunner: {
        unreviewed: "autoScalingConfigurationVersion connection customDomainAssociation defaultAutoScalingConfigurationVersion "
            + "deployment observabilityConfiguration service vpcConnector vpcIngressConnection",
    },
    appstream: { unreviewed: "directoryConfig fleet fleetStackAssociation imageBuilder stack user userStackAssociation" },
    appsync: {
        unreviewed: "api apiCache apiKey channelNamespace dataSource domainName domainNameApiAssociation function graphQLApi "
            + "resolver sourceApiAssociation type",
    },
    arcregionswitch: { inert: "plan" },
    arczonalshift: { inert: "autoshiftObserverNotificationStatus zonalAutoshiftConfiguration" },
    athena: { unreviewed: "capacityReservation dataCatalog database namedQuery preparedStatement workgroup" },
    auditmanager: {
        unreviewed: "accountRegistration assessment assessmentDelegation assessmentReport control framework frameworkShare "
            + "organizationAdminAccountRegistration",
    },
    autoscaling: { compute: "attachment group trafficSourceAttachment", inert: "lifecycleHook notification policy schedule tag" },
    autoscalingplans: { inert: "scalingPlan" },
    backup: {
        unreviewed: "framework globalSettings logicallyAirGappedVault plan regionSettings reportPlan restoreTestingPlan "
            + "restoreTestingSelection selection vault vaultLockConfiguration vaultNotifications vaultPolicy",
    },
    batch: { unreviewed: "computeEnvironment jobDefinition jobQueue schedulingPolicy" },
    bcmdata: { unreviewed: "export" },
    bedrock: {
        unreviewed: "agentAgent agentAgentActionGroup agentAgentAlias agentAgentCollaborator agentAgentKnowledgeBaseAssociation "
            + "agentDataSource agentFlow agentKnowledgeBase agentPrompt agentcoreAgentRuntime agentcoreAgentRuntimeEndpoint "
            + "agentcoreApiKeyCredentialProvider agentcoreBrowser agentcoreBrowserProfile agentcoreCodeInterpreter "
            + "agentcoreEvaluator agentcoreGateway agentcoreGatewayRule agentcoreGatewayTarget agentcoreHarness "
            + "agentcoreMemory agentcoreMemoryStrategy agentcoreOauth2CredentialProvider agentcoreOnlineEvaluationConfig "
            + "agentcorePolicy agentcorePolicyEngine agentcoreRegistry agentcoreResourcePolicy agentcoreTokenVaultCmk "
            + "agentcoreWorkloadIdentity customModel evaluationJob guardrail guardrailVersion inferenceProfile "
            + "provisionedModelThroughput useCaseForModelAccess",
    },
    bedrockfoundation: { unreviewed: "modelAgreement" },
    bedrockmodel: { unreviewed: "invocationJob invocationLoggingConfiguration" },
    billing: { inert: "view" },
    budgets: { inert: "budget budgetAction" },
    cfg: {
        inert: "configurationAggregator conformancePack recorder recorderStatus retentionConfiguration rule",
        unreviewed: "aggregateAuthorization deliveryChannel organizationConformancePack organizationCustomPolicyRule "
            + "organizationCustomRule organizationManagedRule remediationConfiguration",
    },
    chatbot: { unreviewed: "slackChannelConfiguration teamsChannelConfiguration" },
    chime: {
        unreviewed: "sdkvoiceGlobalSettings sdkvoiceSipMediaApplication sdkvoiceSipRule sdkvoiceVoiceProfileDomain voiceConnector "
            + "voiceConnectorGroup voiceConnectorLogging voiceConnectorOrigination voiceConnectorStreaming "
            + "voiceConnectorTermination voiceConnectorTerminationCredentials",
    },
    chimesdkmediapipelines: { unreviewed: "mediaInsightsPipelineConfiguration" },
    cleanrooms: { unreviewed: "collaboration configuredTable membership" },
    cloud9: { unreviewed: "environmentEC2 environmentMembership" },
    cloudcontrol: { unreviewed: "resource" },
    cloudformation: { unreviewed: "cloudFormationType stack stackInstances stackSet stackSetInstance" },
    cloudfront: {
        unreviewed: "anycastIpList cachePolicy connectionFunction connectionGroup continuousDeploymentPolicy distribution "
            + "distributionTenant fieldLevelEncryptionConfig fieldLevelEncryptionProfile function keyGroup keyValueStore "
            + "keyvaluestoreKey keyvaluestoreKeysExclusive monitoringSubscription multitenantDistribution originAccessControl "
            + "originAccessIdentity originRequestPolicy publicKey realtimeLogConfig responseHeadersPolicy trustStore "
            + "vpcOrigin",
    },
    cloudhsmv2: { unreviewed: "cluster hsm" },
    cloudsearch: { unreviewed: "domain domainServiceAccessPolicy" },
    cloudtrail: { unreviewed: "eventDataStore organizationDelegatedAdminAccount trail" },
    cloudwatch: {
        compute: "eventTarget",
        inert: "alarmMuteRule compositeAlarm contributorInsightRule contributorManagedInsightRule dashboard eventBus eventRule "
            + "internetMonitor logAnomalyDetector logDataProtectionPolicy logGroup logIndexPolicy logMetricFilter "
            + "logStorageTierPolicy logStream logTransformer metricAlarm otelEnrichment queryDefinition",
        unreviewed: "eventApiDestination eventArchive eventBusPolicy eventConnection eventEndpoint eventPermission logAccountPolicy "
            + "logDelivery logDeliveryDestination logDeliveryDestinationPolicy logDeliverySource logDestination "
            + "logDestinationPolicy logResourcePolicy logS3TableIntegrationSource logSubscriptionFilter metricStream",
    },
    codeartifact: { unreviewed: "domain domainPermissions repository repositoryPermissionsPolicy" },
    codebuild: { unreviewed: "fleet project reportGroup resourcePolicy sourceCredential webhook" },
    codecatalyst: { unreviewed: "devEnvironment project sourceRepository" },
    codecommit: { unreviewed: "approvalRuleTemplate approvalRuleTemplateAssociation repository trigger" },
    codeconnections: { unreviewed: "connection host" },
    codedeploy: { unreviewed: "application deploymentConfig deploymentGroup" },
    codeguruprofiler: { unreviewed: "profilingGroup" },
    codegurureviewer: { unreviewed: "repositoryAssociation" },
    codepipeline: { unreviewed: "customActionType pipeline webhook" },
    codestarconnections: { unreviewed: "connection host" },
    codestarnotifications: { unreviewed: "notificationRule" },
    cognito: {
        unreviewed: "identityPool identityPoolProviderPrincipalTag identityPoolRoleAttachment identityProvider "
            + "logDeliveryConfiguration managedLoginBranding managedUserPoolClient resourceServer riskConfiguration user "
            + "userGroup userInGroup userPool userPoolClient userPoolDomain userPoolUICustomization",
    },
    comprehend: { unreviewed: "documentClassifier entityRecognizer" },
    computeoptimizer: { inert: "enrollmentStatus recommendationPreferences" },
    connect: {
        unreviewed: "botAssociation contactFlow contactFlowModule hoursOfOperation instance instanceStorageConfig "
            + "lambdaFunctionAssociation phoneNumber phoneNumberContactFlowAssociation queue quickConnect routingProfile "
            + "securityProfile user userHierarchyGroup userHierarchyStructure vocabulary",
    },
    controltower: { unreviewed: "baseline controlTowerControl landingZone" },
    costexplorer: { inert: "anomalyMonitor anomalySubscription costAllocationTag costCategory" },
    costoptimizationhub: { inert: "enrollmentStatus preferences" },
    cur: { inert: "reportDefinition" },
    customerprofiles: { unreviewed: "domain profile" },
    dataexchange: { unreviewed: "dataSet eventAction revision revisionAssets" },
    datapipeline: { unreviewed: "pipeline pipelineDefinition" },
    datasync: {
        unreviewed: "agent efsLocation fsxOpenZfsFileSystem locationAzureBlob locationFsxLustre locationFsxOntapFileSystem "
            + "locationFsxWindows locationHdfs locationObjectStorage locationSmb nfsLocation s3Location task",
    },
    datazone: {
        unreviewed: "assetType domain environment environmentBlueprintConfiguration environmentProfile formType glossary "
            + "glossaryTerm policyGrant project userProfile",
    },
    dax: { unreviewed: "cluster parameterGroup subnetGroup" },
    detective: { inert: "graph", unreviewed: "invitationAccepter member organizationAdminAccount organizationConfiguration" },
    devicefarm: { unreviewed: "devicePool instanceProfile networkProfile project testGridProject upload" },
    devopsguru: { unreviewed: "eventSourcesConfig notificationChannel resourceCollection serviceIntegration" },
    directconnect: {
        unreviewed: "bgpPeer connection connectionAssociation connectionConfirmation gateway gatewayAssociation "
            + "gatewayAssociationProposal hostedConnection hostedPrivateVirtualInterface "
            + "hostedPrivateVirtualInterfaceAccepter hostedPublicVirtualInterface hostedPublicVirtualInterfaceAccepter "
            + "hostedTransitVirtualInterface hostedTransitVirtualInterfaceAcceptor linkAggregationGroup macsecKeyAssociation "
            + "privateVirtualInterface publicVirtualInterface transitVirtualInterface",
    },
    directoryservice: {
        unreviewed: "conditionalForwarder directory logSubscription radiusSettings serviceRegion sharedDirectory "
            + "sharedDirectoryAccepter trust",
    },
    dlm: { inert: "lifecyclePolicy" },
    dms: {
        unreviewed: "certificate dataProvider endpoint eventSubscription instanceProfile migrationProject replicationConfig "
            + "replicationInstance replicationSubnetGroup replicationTask s3Endpoint",
    },
    docdb: {
        data: "cluster clusterInstance globalCluster",
        inert: "clusterParameterGroup subnetGroup",
        unreviewed: "clusterSnapshot elasticCluster eventSubscription",
    },
    drs: { unreviewed: "replicationConfigurationTemplate" },
    dsql: { unreviewed: "cluster clusterPeering clusterPolicy" },
    dynamodb: {
        data: "globalSecondaryIndex resourcePolicy table tableItem tableReplica",
        inert: "contributorInsights tag",
        unreviewed: "globalTable kinesisStreamingDestination tableExport",
    },
    ebs: {
        data: "encryptionByDefault volume",
        inert: "defaultKmsKey fastSnapshotRestore snapshotBlockPublicAccess",
        unreviewed: "snapshot snapshotCopy snapshotImport volumeCopy",
    },
    ec2: {
        compute: "fleet instance instanceMetadataDefaults launchConfiguration launchTemplate networkInterface spotFleetRequest "
            + "spotInstanceRequest",
        network: "defaultRouteTable defaultSubnet defaultVpc egressOnlyInternetGateway flowLog internetGateway "
            + "internetGatewayAttachment mainRouteTableAssociation managedPrefixList managedPrefixListEntry natGateway "
            + "natGatewayEipAssociation route routeTable routeTableAssociation subnet subnetCidrReservation vpc vpcEndpoint "
            + "vpcEndpointRouteTableAssociation vpcEndpointSubnetAssociation vpcIpv4CidrBlockAssociation "
            + "vpcIpv6CidrBlockAssociation",
        exposure: "defaultSecurityGroup eip eipAssociation securityGroup securityGroupRule",
        loadBalancing: "proxyProtocolPolicy",
        inert: "allowedImagesSettings availabilityZoneGroup capacityBlockReservation capacityReservation dedicatedHost "
            + "defaultCreditSpecification defaultNetworkAcl eipDomainName encryptionControl imageBlockPublicAccess networkAcl "
            + "networkAclAssociation networkAclRule networkInsightsAccessScope networkInsightsAnalysis networkInsightsPath "
            + "placementGroup tag volumeAttachment vpcBlockPublicAccessOptions vpcEncryptionControl "
            + "vpcEndpointConnectionNotification vpcIpam vpcIpamPool vpcIpamPoolCidr vpcIpamPoolCidrAllocation "
            + "vpcIpamPreviewNextCidr vpcIpamResourceDiscovery vpcIpamResourceDiscoveryAssociation vpcIpamScope "
            + "vpcNetworkPerformanceMetricSubscription",
        unreviewed: "ami amiCopy amiFromInstance amiLaunchPermission carrierGateway customerGateway defaultVpcDhcpOptions keyPair "
            + "localGatewayRoute localGatewayRouteTable localGatewayRouteTableVirtualInterfaceGroupAssociation "
            + "localGatewayRouteTableVpcAssociation networkInterfaceAttachment networkInterfacePermission "
            + "networkInterfaceSecurityGroupAttachment peeringConnectionOptions secondaryNetwork secondarySubnet "
            + "securityGroupAssociation serialConsoleAccess snapshotCreateVolumePermission spotDatafeedSubscription "
            + "trafficMirrorFilter trafficMirrorFilterRule trafficMirrorSession trafficMirrorTarget "
            + "vpcBlockPublicAccessExclusion vpcDhcpOptions vpcDhcpOptionsAssociation vpcEndpointConnectionAccepter "
            + "vpcEndpointPolicy vpcEndpointService vpcEndpointServiceAllowedPrinciple vpcIpamOrganizationAdminAccount "
            + "vpcPeeringConnection vpcPeeringConnectionAccepter vpcSecurityGroupRulesExclusive vpnConcentrator vpnConnection "
            + "vpnConnectionRoute vpnGateway vpnGatewayAttachment vpnGatewayRoutePropagation",
    },
    ec2clientvpn: { unreviewed: "authorizationRule endpoint networkAssociation route" },
    ec2transitgateway: {
        unreviewed: "connect connectPeer defaultRouteTableAssociation defaultRouteTablePropagation instanceConnectEndpoint "
            + "instanceState meteringPolicy meteringPolicyEntry multicastDomain multicastDomainAssociation "
            + "multicastGroupMember multicastGroupSource peeringAttachment peeringAttachmentAccepter policyTable "
            + "policyTableAssociation policyTableEntry prefixListReference route routeTable routeTableAssociation "
            + "routeTablePropagation transitGateway vpcAttachment vpcAttachmentAccepter",
    },
    ecr: {
        data: "pullThroughCacheRule registryPolicy repository repositoryPolicy",
        inert: "accountSetting lifecyclePolicy pullTimeUpdateExclusion registryScanningConfiguration",
        unreviewed: "replicationConfiguration repositoryCreationTemplate",
    },
    ecrpublic: { unreviewed: "repository repositoryPolicy" },
    ecs: {
        compute: "service taskDefinition",
        inert: "accountSettingDefault cluster clusterCapacityProviders tag",
        unreviewed: "capacityProvider daemon daemonTaskDefinition expressGatewayService taskSet",
    },
    efs: { data: "fileSystem fileSystemPolicy mountTarget", inert: "backupPolicy", unreviewed: "accessPoint replicationConfiguration" },
    eks: {
        compute: "cluster nodeGroup",
        unreviewed: "accessEntry accessPolicyAssociation addon capability fargateProfile identityProviderConfig "
            + "podIdentityAssociation",
    },
    elasticache: {
        data: "cluster replicationGroup serverlessCache",
        inert: "parameterGroup subnetGroup",
        unreviewed: "globalReplicationGroup reservedCacheNode user userGroup userGroupAssociation",
    },
    elasticbeanstalk: { unreviewed: "application applicationVersion configurationTemplate environment" },
    elasticsearch: { unreviewed: "domain domainPolicy domainSamlOptions vpcEndpoint" },
    elastictranscoder: { unreviewed: "pipeline preset" },
    elb: {
        loadBalancing: "appCookieStickinessPolicy attachment listenerPolicy loadBalancer loadBalancerBackendServerPolicy "
            + "loadBalancerCookieStickinessPolicy loadBalancerPolicy sslNegotiationPolicy",
    },
    emr: {
        unreviewed: "blockPublicAccessConfiguration cluster instanceFleet instanceGroup managedScalingPolicy securityConfiguration "
            + "studio studioSessionMapping",
    },
    emrcontainers: { unreviewed: "jobTemplate virtualCluster" },
    emrserverless: { unreviewed: "application" },
    evidently: { unreviewed: "feature launch project segment" },
    finspace: { unreviewed: "kxCluster kxDatabase kxDataview kxEnvironment kxScalingGroup kxUser kxVolume" },
    fis: { unreviewed: "experimentTemplate safetyLeverState targetAccountConfiguration" },
    fms: { unreviewed: "adminAccount policy resourceSet" },
    fsx: {
        unreviewed: "backup dataRepositoryAssociation fileCache lustreFileSystem ontapFileSystem ontapStorageVirtualMachine "
            + "ontapVolume openZfsFileSystem openZfsSnapshot openZfsVolume s3AccessPointAttachment windowsFileSystem",
    },
    gamelift: { unreviewed: "alias build fleet gameServerGroup gameSessionQueue script" },
    glacier: { unreviewed: "vault vaultLock" },
    globalaccelerator: {
        loadBalancing: "accelerator endpointGroup listener",
        unreviewed: "crossAccountAttachment customRoutingAccelerator customRoutingEndpointGroup customRoutingListener",
    },
    glue: {
        unreviewed: "catalog catalogDatabase catalogTable catalogTableOptimizer classifier connection crawler "
            + "dataCatalogEncryptionSettings dataQualityRuleset devEndpoint job mLTransform partition partitionIndex registry "
            + "resourcePolicy schema securityConfiguration trigger userDefinedFunction workflow",
    },
    grafana: {
        unreviewed: "licenseAssociation roleAssociation workspace workspaceApiKey workspaceSamlConfiguration "
            + "workspaceServiceAccount workspaceServiceAccountToken",
    },
    guardduty: {
        inert: "detector detectorFeature filter iPSet malwareProtectionPlan threatIntelSet",
        unreviewed: "inviteAccepter member memberDetectorFeature organizationAdminAccount organizationConfiguration "
            + "organizationConfigurationFeature publishingDestination",
    },
    iam: {
        identity: "group groupMembership groupPoliciesExclusive groupPolicy groupPolicyAttachment groupPolicyAttachmentsExclusive "
            + "instanceProfile openIdConnectProvider policy policyAttachment role rolePoliciesExclusive rolePolicy "
            + "rolePolicyAttachment rolePolicyAttachmentsExclusive samlProvider serviceLinkedRole user userGroupMembership "
            + "userPoliciesExclusive userPolicy userPolicyAttachment userPolicyAttachmentsExclusive",
        inert: "accountAlias accountPasswordPolicy virtualMfaDevice",
        unreviewed: "accessKey organizationsFeatures outboundWebIdentityFederation securityTokenServicePreferences "
            + "serverCertificate serviceSpecificCredential signingCertificate sshKey userLoginProfile",
    },
    identitystore: { unreviewed: "group groupMembership user" },
    imagebuilder: {
        unreviewed: "component containerRecipe distributionConfiguration image imagePipeline imageRecipe "
            + "infrastructureConfiguration lifecyclePolicy workflow",
    },
    inspector: { unreviewed: "assessmentTarget assessmentTemplate resourceGroup" },
    inspector2: { inert: "enabler filter", unreviewed: "delegatedAdminAccount memberAssociation organizationConfiguration" },
    invoicing: { inert: "invoiceUnit" },
    iot: {
        unreviewed: "authorizer billingGroup caCertificate certificate domainConfiguration eventConfigurations "
            + "indexingConfiguration loggingOptions policy policyAttachment provisioningTemplate roleAlias thing thingGroup "
            + "thingGroupMembership thingPrincipalAttachment thingType topicRule topicRuleDestination",
    },
    ivs: { unreviewed: "channel playbackKeyPair recordingConfiguration" },
    ivschat: { unreviewed: "loggingConfiguration room" },
    kendra: { unreviewed: "dataSource experience faq index querySuggestionsBlockList thesaurus" },
    keyspaces: { unreviewed: "keyspace table" },
    kinesis: {
        data: "stream",
        unreviewed: "accountSettings analyticsApplication firehoseDeliveryStream resourcePolicy streamConsumer videoStream",
    },
    kinesisanalyticsv2: { unreviewed: "application applicationSnapshot" },
    kms: { data: "key keyPolicy replicaKey", inert: "alias ciphertext", unreviewed: "customKeyStore externalKey grant replicaExternalKey" },
    lakeformation: {
        unreviewed: "dataCellsFilter dataLakeSettings identityCenterConfiguration lfTag lfTagExpression optIn permissions resource "
            + "resourceLfTag resourceLfTags",
    },
    lambda: {
        compute: "function functionEventInvokeConfig",
        exposure: "functionUrl permission",
        inert: "alias codeSigningConfig functionRecursionConfig functionScalingConfig provisionedConcurrencyConfig "
            + "runtimeManagementConfig",
        unreviewed: "capacityProvider coreNetworkConnector eventSourceMapping invocation layerVersion layerVersionPermission "
            + "microvmsImage resourcePolicy",
    },
    lambdamicrovms: { unreviewed: "image microvm" },
    lb: {
        loadBalancing: "listener listenerCertificate listenerRule loadBalancer targetGroup targetGroupAttachment trustStore "
            + "trustStoreRevocation",
    },
    lex: {
        unreviewed: "bot botAlias intent slotType v2modelsBot v2modelsBotLocale v2modelsBotVersion v2modelsIntent v2modelsSlot "
            + "v2modelsSlotType",
    },
    licensemanager: { unreviewed: "association licenseConfiguration licenseGrant licenseGrantAccepter" },
    lightsail: {
        unreviewed: "bucket bucketAccessKey bucketResourceAccess certificate containerService containerServiceDeploymentVersion "
            + "database disk disk_attachment distribution domain domainEntry instance instancePublicPorts keyPair lb "
            + "lbAttachment lbCertificate lbCertificateAttachment lbHttpsRedirectionPolicy lbStickinessPolicy staticIp "
            + "staticIpAttachment",
    },
    location: { unreviewed: "geofenceCollection map placeIndex routeCalculation tracker trackerAssociation" },
    m2: { unreviewed: "application deployment environment" },
    macie: { inert: "customDataIdentifier findingsFilter" },
    macie2: {
        inert: "account classificationJob",
        unreviewed: "classificationExportConfiguration invitationAccepter member organizationAdminAccount organizationConfiguration",
    },
    mailmanager: { unreviewed: "archive ingressPoint relay ruleSet trafficPolicy" },
    mediaconvert: { unreviewed: "queue" },
    medialive: { unreviewed: "channel input inputSecurityGroup multiplex multiplexProgram" },
    mediapackage: { unreviewed: "channel" },
    mediapackagev2: { unreviewed: "channelGroup" },
    mediastore: { unreviewed: "container containerPolicy" },
    memorydb: { unreviewed: "acl cluster multiRegionCluster parameterGroup snapshot subnetGroup user" },
    mq: { unreviewed: "broker configuration" },
    msk: {
        unreviewed: "channel cluster clusterPolicy configuration replicator scramSecretAssociation serverlessCluster "
            + "singleScramSecretAssociation topic vpcConnection",
    },
    mskconnect: { unreviewed: "connector customPlugin workerConfiguration" },
    mwaa: { unreviewed: "environment" },
    neptune: {
        data: "cluster clusterInstance globalCluster",
        inert: "clusterParameterGroup parameterGroup subnetGroup",
        unreviewed: "clusterEndpoint clusterSnapshot eventSubscription",
    },
    neptunegraph: { unreviewed: "graph privateGraphEndpoint" },
    networkfirewall: {
        inert: "firewall firewallPolicy loggingConfiguration ruleGroup tlsInspectionConfiguration",
        unreviewed: "containerAssociation firewallTransitGatewayAttachmentAccepter resourcePolicy vpcEndpointAssociation",
    },
    networkflowmonitor: { inert: "monitor scope" },
    networkmanager: {
        unreviewed: "attachmentAccepter attachmentRoutingPolicyLabel connectAttachment connectPeer connection coreNetwork "
            + "coreNetworkPolicyAttachment customerGatewayAssociation device dxGatewayAttachment globalNetwork link "
            + "linkAssociation prefixListAssociation site siteToSiteVpnAttachment transitGatewayConnectPeerAssociation "
            + "transitGatewayPeering transitGatewayRegistration transitGatewayRouteTableAttachment vpcAttachment",
    },
    networkmonitor: { inert: "monitor probe" },
    notifications: {
        unreviewed: "channelAssociation contactsEmailContact eventRule managedNotificationAccountContactAssociation "
            + "managedNotificationAdditionalChannelAssociation notificationConfiguration notificationHub "
            + "organizationalUnitAssociation organizationsAccess",
    },
    oam: { unreviewed: "link sink sinkPolicy" },
    observabilityadmin: {
        unreviewed: "centralizationRuleForOrganization s3TableIntegration telemetryEnrichment telemetryEvaluation "
            + "telemetryEvaluationForOrganization telemetryPipeline telemetryRule telemetryRuleForOrganization",
    },
    odb: {
        unreviewed: "cloudAutonomousVmCluster cloudExadataInfrastructure cloudVmCluster iamRoleAssociation network "
            + "networkPeeringConnection",
    },
    opensearch: {
        unreviewed: "application authorizeVpcEndpointAccess domain domainPolicy domainSamlOptions inboundConnectionAccepter "
            + "outboundConnection package packageAssociation serverlessAccessPolicy serverlessCollection "
            + "serverlessCollectionGroup serverlessLifecyclePolicy serverlessSecurityConfig serverlessSecurityPolicy "
            + "serverlessVpcEndpoint vpcEndpoint",
    },
    opensearchingest: { unreviewed: "pipeline pipelineEndpoint resourcePolicy" },
    organizations: {
        unreviewed: "account awsServiceAccess delegatedAdministrator organization organizationalUnit policy policyAttachment "
            + "resourcePolicy tag",
    },
    outposts: { unreviewed: "capacityTask" },
    paymentcryptography: { unreviewed: "key keyAlias" },
    pinpoint: {
        unreviewed: "admChannel apnsChannel apnsSandboxChannel apnsVoipChannel apnsVoipSandboxChannel app baiduChannel emailChannel "
            + "emailTemplate eventStream gcmChannel smsChannel smsvoicev2ConfigurationSet smsvoicev2EventDestination "
            + "smsvoicev2Keyword smsvoicev2OptOutList smsvoicev2PhoneNumber smsvoicev2Pool smsvoicev2ResourcePolicy "
            + "smsvoicev2SenderId",
    },
    pipes: { unreviewed: "pipe" },
    qbusiness: { unreviewed: "application" },
    qldb: { unreviewed: "ledger stream" },
    quicksight: {
        unreviewed: "accountSettings accountSubscription analysis customPermissions dashboard dataSet dataSource folder "
            + "folderMembership group groupMembership iamPolicyAssignment ingestion ipRestriction keyRegistration namespace "
            + "refreshSchedule roleCustomPermission roleMembership template templateAlias theme user userCustomPermission "
            + "vpcConnection",
    },
    ram: {
        unreviewed: "permission principalAssociation resourceAssociation resourceShare resourceShareAccepter "
            + "resourceShareAssociationsExclusive sharingWithOrganization",
    },
    rbin: { inert: "rule" },
    rds: {
        data: "cluster clusterInstance globalCluster instance",
        inert: "clusterParameterGroup optionGroup parameterGroup subnetGroup",
        unreviewed: "certificate clusterActivityStream clusterEndpoint clusterRoleAssociation clusterSnapshot clusterSnapshotCopy "
            + "customDbEngineVersion eventSubscription exportTask instanceAutomatedBackupsReplication instanceDesiredState "
            + "integration proxy proxyDefaultTargetGroup proxyEndpoint proxyTarget reservedInstance roleAssociation "
            + "shardGroup snapshot snapshotCopy",
    },
    redshift: {
        data: "cluster",
        inert: "parameterGroup snapshotSchedule snapshotScheduleAssociation subnetGroup",
        unreviewed: "authenticationProfile clusterIamRoles clusterSnapshot dataShareAuthorization dataShareConsumerAssociation "
            + "endpointAccess endpointAuthorization eventSubscription hsmClientCertificate hsmConfiguration idcApplication "
            + "integration logging namespaceRegistration partner resourcePolicy scheduledAction snapshotCopy "
            + "snapshotCopyGrant usageLimit",
    },
    redshiftdata: { unreviewed: "statement" },
    redshiftserverless: { unreviewed: "customDomainAssociation endpointAccess namespace resourcePolicy snapshot usageLimit workgroup" },
    rekognition: { unreviewed: "collection project streamProcessor" },
    resiliencehub: { inert: "resiliencyPolicy v2Assertion v2InputSource v2Policy v2Service v2ServiceFunction v2System v2UserJourney" },
    resourceexplorer: { inert: "index", unreviewed: "view" },
    resourcegroups: { inert: "group resource" },
    rolesanywhere: { unreviewed: "profile trustAnchor" },
    route53: {
        dns: "healthCheck record zone",
        inert: "cidrCollection cidrLocation delegationSet hostedZoneDnsSec keySigningKey queryLog zoneAssociation",
        unreviewed: "profilesAssociation profilesProfile profilesResourceAssociation recordsExclusive resolverConfig "
            + "resolverDnsSecConfig resolverEndpoint resolverFirewallConfig resolverFirewallDomainList resolverFirewallRule "
            + "resolverFirewallRuleGroup resolverFirewallRuleGroupAssociation resolverQueryLogConfig "
            + "resolverQueryLogConfigAssociation resolverRule resolverRuleAssociation trafficPolicy trafficPolicyInstance "
            + "vpcAssociationAuthorization",
    },
    route53domains: { unreviewed: "delegationSignerRecord domain registeredDomain" },
    route53recoverycontrol: { unreviewed: "cluster controlPanel routingControl safetyRule" },
    route53recoveryreadiness: { unreviewed: "cell readinessCheck recoveryGroup resourceSet" },
    rum: { unreviewed: "appMonitor metricsDestination" },
    s3: {
        data: "accountPublicAccessBlock bucket bucketAcl bucketAclV2 bucketObject bucketObjectv2 bucketOwnershipControls "
            + "bucketPolicy bucketPublicAccessBlock bucketServerSideEncryptionConfiguration "
            + "bucketServerSideEncryptionConfigurationV2 bucketV2 bucketWebsiteConfiguration bucketWebsiteConfigurationV2 "
            + "directoryBucket objectCopy",
        inert: "bucketAbac bucketAccelerateConfiguration bucketAccelerateConfigurationV2 bucketCorsConfiguration "
            + "bucketCorsConfigurationV2 bucketIntelligentTieringConfiguration bucketLifecycleConfiguration "
            + "bucketLifecycleConfigurationV2 bucketLogging bucketLoggingV2 bucketMetadataConfiguration bucketMetric "
            + "bucketNotification bucketObjectLockConfiguration bucketObjectLockConfigurationV2 "
            + "bucketRequestPaymentConfiguration bucketRequestPaymentConfigurationV2 bucketVersioning bucketVersioningV2",
        unreviewed: "accessPoint analyticsConfiguration bucketReplicationConfig filesAccessPoint filesFileSystem "
            + "filesFileSystemPolicy filesMountTarget filesSynchronizationConfiguration inventory vectorsIndex "
            + "vectorsVectorBucket vectorsVectorBucketPolicy",
    },
    s3control: {
        unreviewed: "accessGrant accessGrantsInstance accessGrantsInstanceResourcePolicy accessGrantsLocation accessPointPolicy "
            + "bucket bucketLifecycleConfiguration bucketPolicy directoryBucketAccessPointScope multiRegionAccessPoint "
            + "multiRegionAccessPointPolicy multiRegionAccessPointRoutes objectLambdaAccessPoint "
            + "objectLambdaAccessPointPolicy storageLensConfiguration",
    },
    s3outposts: { unreviewed: "endpoint" },
    s3tables: { unreviewed: "namespace table tableBucket tableBucketPolicy tableBucketReplication tablePolicy tableReplication" },
    sagemaker: {
        unreviewed: "algorithm app appImageConfig codeRepository dataQualityJobDefinition device deviceFleet domain endpoint "
            + "endpointConfiguration featureGroup flowDefinition hub hubContentReference humanTaskUI hyperParameterTuningJob "
            + "image imageVersion labelingJob mlflowApp mlflowTrackingServer model modelCard modelCardExportJob "
            + "modelPackageGroup modelPackageGroupPolicy monitoringSchedule notebookInstance "
            + "notebookInstanceLifecycleConfiguration pipeline project servicecatalogPortfolioStatus space "
            + "studioLifecycleConfig trainingJob userProfile workforce workteam",
    },
    savingsplans: { inert: "savingsPlan" },
    scheduler: { compute: "schedule", inert: "scheduleGroup" },
    schemas: { unreviewed: "discoverer registry registryPolicy schema" },
    secretsmanager: { data: "secret secretPolicy secretVersion", inert: "tag", unreviewed: "secretRotation" },
    securityhub: {
        inert: "account accountV2 actionTarget aggregatorV2 automationRule automationRuleV2 configurationPolicy "
            + "configurationPolicyAssociation featureV2 findingAggregator insight productSubscription standardsControl "
            + "standardsControlAssociation standardsSubscription",
        unreviewed: "connectorV2 inviteAccepter member organizationAdminAccount organizationConfiguration",
    },
    securitylake: { unreviewed: "awsLogSource customLogSource dataLake subscriber subscriberNotification" },
    serverlessrepository: { unreviewed: "cloudFormationStack" },
    servicecatalog: {
        unreviewed: "appregistryApplication appregistryAttributeGroup appregistryAttributeGroupAssociation "
            + "budgetResourceAssociation constraint organizationsAccess portfolio portfolioShare "
            + "principalPortfolioAssociation product productPortfolioAssociation provisionedProduct provisioningArtifact "
            + "serviceAction tagOption tagOptionResourceAssociation",
    },
    servicediscovery: { unreviewed: "httpNamespace instance privateDnsNamespace publicDnsNamespace service" },
    servicequotas: { inert: "autoManagement serviceQuota template templateAssociation" },
    ses: {
        unreviewed: "activeReceiptRuleSet configurationSet domainDkim domainIdentity domainIdentityVerification emailIdentity "
            + "eventDestination identityNotificationTopic identityPolicy mailFrom receiptFilter receiptRule receiptRuleSet "
            + "template",
    },
    sesv2: {
        unreviewed: "accountSuppressionAttributes accountVdmAttributes configurationSet configurationSetEventDestination "
            + "contactList dedicatedIpAssignment dedicatedIpPool emailIdentity emailIdentityFeedbackAttributes "
            + "emailIdentityMailFromAttributes emailIdentityPolicy multiRegionEndpoint tenant tenantResourceAssociation",
    },
    sfn: { unreviewed: "activity alias stateMachine" },
    shield: {
        inert: "applicationLayerAutomaticResponse proactiveEngagement protection protectionGroup "
            + "protectionHealthCheckAssociation subscription",
        unreviewed: "drtAccessLogBucketAssociation drtAccessRoleArnAssociation",
    },
    signer: { unreviewed: "signingJob signingProfile signingProfilePermission" },
    sns: { data: "topic topicPolicy topicSubscription", inert: "dataProtectionPolicy smsPreferences", unreviewed: "platformApplication" },
    sqs: { data: "queue queuePolicy", inert: "redriveAllowPolicy redrivePolicy" },
    ssm: {
        data: "parameter",
        inert: "contactsRotation defaultPatchBaseline patchBaseline patchGroup",
        unreviewed: "activation association document maintenanceWindow maintenanceWindowTarget maintenanceWindowTask "
            + "quicksetupConfigurationManager resourceDataSync serviceSetting",
    },
    ssmcontacts: { unreviewed: "contact contactChannel plan" },
    ssmincidents: { unreviewed: "replicationSet responsePlan" },
    ssoadmin: {
        unreviewed: "accountAssignment application applicationAccessScope applicationAssignment applicationAssignmentConfiguration "
            + "customerManagedPolicyAttachment customerManagedPolicyAttachmentsExclusive instanceAccessControlAttributes "
            + "managedPolicyAttachment managedPolicyAttachmentsExclusive permissionSet permissionSetInlinePolicy "
            + "permissionsBoundaryAttachment region trustedTokenIssuer",
    },
    storagegateway: {
        unreviewed: "cache cachesIscsiVolume fileSystemAssociation gateway nfsFileShare smbFileShare storedIscsiVolume tapePool "
            + "uploadBuffer workingStorage",
    },
    swf: { unreviewed: "domain" },
    synthetics: { unreviewed: "canary group groupAssociation" },
    timestreaminfluxdb: { unreviewed: "dbCluster dbInstance" },
    timestreamquery: { unreviewed: "scheduledQuery" },
    timestreamwrite: { unreviewed: "database table" },
    transcribe: { unreviewed: "languageModel medicalVocabulary vocabulary vocabularyFilter" },
    transfer: {
        unreviewed: "access agreement certificate connector hostKey profile server sshKey tag user webApp webAppCustomization "
            + "workflow",
    },
    uxc: { unreviewed: "accountCustomizations" },
    verifiedaccess: { unreviewed: "endpoint group instance instanceLoggingConfiguration instanceTrustProviderAttachment trustProvider" },
    verifiedpermissions: { unreviewed: "identitySource policy policyStore policyTemplate schema" },
    vpc: {
        exposure: "securityGroupEgressRule securityGroupIngressRule",
        unreviewed: "endpointPrivateDns endpointServicePrivateDnsVerification routeServer routeServerEndpoint routeServerPeer "
            + "routeServerPropagation routeServerVpcAssociation securityGroupVpcAssociation",
    },
    vpclattice: {
        unreviewed: "accessLogSubscription authPolicy domainVerification listener listenerRule resourceConfiguration "
            + "resourceGateway resourcePolicy service serviceNetwork serviceNetworkResourceAssociation "
            + "serviceNetworkServiceAssociation serviceNetworkVpcAssociation targetGroup targetGroupAttachment",
    },
    waf: {
        inert: "byteMatchSet geoMatchSet ipSet rateBasedRule regexMatchSet regexPatternSet rule ruleGroup sizeConstraintSet "
            + "sqlInjectionMatchSet webAcl xssMatchSet",
    },
    wafregional: {
        inert: "byteMatchSet geoMatchSet ipSet rateBasedRule regexMatchSet regexPatternSet rule ruleGroup sizeConstraintSet "
            + "sqlInjectionMatchSet webAcl webAclAssociation xssMatchSet",
    },
    wafv2: {
        inert: "apiKey ipSet regexPatternSet ruleGroup webAcl webAclAssociation webAclLoggingConfiguration webAclRule "
            + "webAclRuleGroupAssociation",
    },
    workmail: { unreviewed: "defaultDomain domain group organization user" },
    workspaces: { unreviewed: "connectionAlias directory ipGroup pool workspace" },
    workspacesweb: {
        unreviewed: "browserSettings browserSettingsAssociation dataProtectionSettings dataProtectionSettingsAssociation "
            + "identityProvider ipAccessSettings ipAccessSettingsAssociation networkSettings networkSettingsAssociation "
            + "portal sessionLogger sessionLoggerAssociation trustStore trustStoreAssociation userAccessLoggingSettings "
            + "userAccessLoggingSettingsAssociation userSettings userSettingsAssociation",
    },
    xray: { inert: "encryptionConfig group indexingRule samplingRule", unreviewed: "resourcePolicy traceSegmentDestination" },
};
