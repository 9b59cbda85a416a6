# Environment for builds and tests: DJL must never phone home, nothing may probe cloud metadata,
# Spark binds loopback only, and no test reaches the Hugging Face hub.
export OPT_OUT_TRACKING=true
export DJL_OFFLINE=true
export AWS_EC2_METADATA_DISABLED=true
export SPARK_LOCAL_IP=127.0.0.1
export HF_HUB_OFFLINE=1
export MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}"
