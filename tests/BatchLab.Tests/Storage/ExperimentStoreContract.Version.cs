using BatchLab.Runtime;

namespace BatchLab.Tests.Storage;

public abstract partial class ExperimentStoreContract
{
    [Fact]
    public void A_stored_study_records_the_BatchLab_version_that_created_it()
    {
        Store().CreateOrGetStudy("versioned", """{"batch": [1]}""");

        Assert.Equal(BatchLabVersion.Current, Store().GetStudy("versioned")!.Version);
    }
}
